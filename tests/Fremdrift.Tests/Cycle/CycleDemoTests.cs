using System.Globalization;
using Fremdrift.DevServer.Cycle;
using Fremdrift.DevServer.Mail;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Infrastructure;

namespace Fremdrift.Tests.Cycle;

/// <summary>
/// The demo that <c>scripts/run.sh --demo</c> shows, on the real host and Azurite with the demo's accelerated clock
/// and the app's orchestrator on the local Durable engine: it runs a whole cycle on its own, and what it shows is
/// possible — chiefs answer only after their invitation, no reminder reaches someone who has answered — and then
/// it stops its clock, so no next year opens by itself.
/// </summary>
public class CycleDemoTests
{
    [Fact]
    public async Task The_demo_runs_a_whole_cycle_by_itself_to_a_closed_cycle_with_a_bilag()
    {
        await using var server = await StartDemoAsync(answers: 12, seed: 7);
        var year = server.Get<CycleStarter>().YearToPlan();

        var cycle = (await server.Get<CycleRepository>().GetAsync(year))!;
        Assert.Equal(CycleState.Closed, cycle.State);
        Assert.Equal(CloseReason.Deadline, cycle.CloseReason);

        var log = await server.Get<SendLogRepository>().ListAsync(year);
        var invited = log.Where(e => e.Step == MailSteps.Invitation && e.Status == SendStatus.Sent).ToDictionary(e => e.MunicipalityCode, e => e.At);
        Assert.Equal(29, invited.Count);
        var submitted = (await server.Get<ResponseRepository>().ListAsync(year)).Where(r => r.IsSubmitted).ToList();
        Assert.InRange(submitted.Count, 1, 12);
        Assert.All(submitted, r => Assert.True(r.SubmittedAt >= invited[r.MunicipalityCode], $"{r.MunicipalityCode} answered before its invitation"));
        // A submit stamped just before a reminder's send may still have been in flight when the runner checked
        // (a few real milliseconds are hours at this speed; the exact race is covered on a fake clock in
        // CycleRunnerTests and CycleEndToEndTests). Beyond that window, nobody who answered is reminded.
        var inFlight = TimeSpan.FromTicks((long)(TimeSpan.FromMilliseconds(50).Ticks * DevServerCycleOptions.DemoSpeed));
        Assert.All(log.Where(e => MailSteps.IsReminder(e.Step) && e.Status == SendStatus.Sent), e =>
            Assert.DoesNotContain(submitted, r => r.MunicipalityCode == e.MunicipalityCode && r.SubmittedAt + inFlight <= e.At));
        Assert.Contains(log, e => MailSteps.IsReminder(e.Step));

        Assert.Single(await server.Get<ICycleDocuments>().ListAsync(year, default), d => d.Kind == DocumentKind.Bilag);
        Assert.Equal(submitted.Count, server.Get<OutboxStore>().List().Count(m => m.Attachments.Count > 0));

        var lines = server.Get<CycleProgress>().Lines;
        Assert.Contains(lines, l => l.EndsWith("Invitationer sendt: 29/29", StringComparison.Ordinal));
        Assert.Equal(submitted.Count, lines.Count(l => l.Contains("] Svar fra ", StringComparison.Ordinal)));
        // The close line gives the reason in Danish, not the decider's type name.
        Assert.Contains(lines, l => l.Contains($"Lukket: {submitted.Count} af 29 har svaret", StringComparison.Ordinal)
            && (l.EndsWith("Svarfristen er nået.", StringComparison.Ordinal) || l.EndsWith("Alle jobcentre har indsendt.", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("Bilag: ", StringComparison.Ordinal));

        // The demo is over: its clock stands still and the next year is not planned.
        var clock = server.Get<TimeProvider>();
        await WaitForStopAsync(clock);
        // At the demo's speed a microsecond of real time is a fraction of a clock second, so two reads in a row
        // differ unless the clock stands still (AcceleratedClockTests shows a stopped clock stays put on fake time).
        var stoppedAt = clock.GetUtcNow();
        Assert.Equal(stoppedAt, clock.GetUtcNow());
        Assert.Null(await server.Get<CycleRepository>().GetAsync(year + 1));
    }

    [Fact]
    public async Task The_demo_sends_each_round_and_closes_at_its_planned_time_on_the_demo_clock_however_long_a_turn_takes()
    {
        await using var server = await StartDemoAsync(answers: 8, seed: 11);
        var year = server.Get<CycleStarter>().YearToPlan();

        // Well under a demo day: at the demo's speed an hour of the clock is about 10 ms of real time, far less than a
        // turn with its activities takes, so only a clock that waits for the loop meets it on any machine.
        var tolerance = TimeSpan.FromHours(1);
        var cycle = (await server.Get<CycleRepository>().GetAsync(year))!;
        var log = await server.Get<SendLogRepository>().ListAsync(year);
        var invitations = log.Where(e => e.Step == MailSteps.Invitation && e.Status == SendStatus.Sent).ToList();
        Assert.Equal(29, invitations.Count);
        Assert.All(invitations, e => Assert.InRange(e.At, cycle.OpensAt, cycle.OpensAt + tolerance));

        var planned = CycleSchedule.Reminders(cycle);
        Assert.NotEmpty(planned);
        var reminders = log.Where(e => MailSteps.IsReminder(e.Step) && e.Status == SendStatus.Sent).ToList();
        Assert.Contains(reminders, e => e.Step == MailSteps.Reminder(planned[^1].Round));
        Assert.All(reminders, e =>
        {
            var round = planned.Single(r => MailSteps.Reminder(r.Round) == e.Step);
            Assert.True(e.At < cycle.Deadline, $"{e.Step} to {e.MunicipalityCode} at {e.At:o}, after the deadline {cycle.Deadline:o}");
            Assert.InRange(e.At, round.DueAt, round.DueAt + tolerance);
        });

        Assert.Equal(CloseReason.Deadline, cycle.CloseReason);
        Assert.NotNull(cycle.ClosedAt);
        Assert.InRange(cycle.ClosedAt.Value, cycle.Deadline, cycle.Deadline + tolerance);
    }

    [Fact]
    public async Task The_demo_with_the_SendGrid_provider_sends_every_mail_its_HTTP_timeouts_running_on_real_time()
    {
        // SendGrid answering in 20 ms of real time: hours on the demo's clock, far beyond a 30-second attempt timeout
        // if that ran on the demo's clock.
        await using var sendGrid = new Mail.ScriptedSendGrid(202) { BeforeAnswer = () => Task.Delay(20) };
        await using var server = await StartDemoAsync(answers: 6, seed: 3, new Dictionary<string, string?>
        {
            ["Mail:Provider"] = "SendGrid",
            ["Mail:SendGridApiKey"] = "SG.test-key-not-real",
            ["Mail:SendGridHost"] = sendGrid.Host,
        });
        var year = server.Get<CycleStarter>().YearToPlan();

        var log = await server.Get<SendLogRepository>().ListAsync(year);
        Assert.Equal(29, log.Count(e => e.Step == MailSteps.Invitation && e.Status == SendStatus.Sent));
        Assert.All(log, e => Assert.True(e.Status is SendStatus.Sent or SendStatus.Skipped, $"{e.Step} to {e.MunicipalityCode}: {e.Status} {e.Reason}"));
        Assert.Equal(log.Count(e => e.Status == SendStatus.Sent), sendGrid.Requests);
    }

    /// <summary>
    /// The demo as <c>scripts/run.sh --demo</c> runs it (its speed, its simulated chiefs; no progress lines), on the real
    /// host and Azurite; returns when its cycle is done.
    /// </summary>
    internal static async Task<TestDevServer> StartDemoAsync(int answers, int seed, IReadOnlyDictionary<string, string?>? more = null, TimeSpan? patience = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DevServer:Demo"] = "true",
            ["DevServer:ClockSpeed"] = DevServerCycleOptions.DemoSpeed.ToString(CultureInfo.InvariantCulture),
            ["DevServer:DemoAnswers"] = answers.ToString(CultureInfo.InvariantCulture),
            ["DevServer:DemoSeed"] = seed.ToString(CultureInfo.InvariantCulture),
            ["DevServer:ProgressLines"] = "false",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var server = await TestDevServer.StartAsync(settings);
        try
        {
            var year = server.Get<CycleStarter>().YearToPlan();
            await server.Get<CycleLoopMonitor>().WaitUntilFinishedAsync(year).WaitAsync(patience ?? TimeSpan.FromMinutes(2));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private static async Task WaitForStopAsync(TimeProvider clock)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (clock is AcceleratedTimeProvider { Held: false } && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }

        Assert.True(clock is AcceleratedTimeProvider { Held: true }, "the demo's clock was not stopped");
    }
}
