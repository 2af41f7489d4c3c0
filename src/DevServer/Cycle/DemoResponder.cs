using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Microsoft.Extensions.Options;

namespace Fremdrift.DevServer.Cycle;

/// <summary>
/// The demo's jobcentre chiefs: some of the jobcentres submit a complete form at random times between the
/// opening and the deadline, written through the same response repository (one ETag-guarded transaction) and
/// followed by the same AnswerSubmitted signal as a real submit. Local demo only; never in Azure.
/// </summary>
internal sealed class DemoResponder(
    CycleStarter starter,
    CycleRepository cycles,
    CatalogueRepository catalogues,
    JobcentreRepository directory,
    ResponseRepository responses,
    SendLogRepository sendLog,
    ICycleSignals signals,
    TimeProvider time,
    CycleProgress progress,
    IOptions<DevServerCycleOptions> options,
    ILogger<DemoResponder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Demoens simulerede svar stoppede");
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        var year = starter.YearToPlan();
        var cycle = (await starter.EnsureCycleAsync(year, CycleActionRunner.AutomaticActor, ct)).Cycle;
        var random = options.Value.DemoSeed is { } seed ? new Random(seed) : new Random();
        var jobcentres = (await directory.ListAsync(ct)).Where(j => j.Active).ToList();
        var answering = jobcentres.OrderBy(_ => random.Next()).Take(Math.Clamp(options.Value.DemoAnswers, 0, jobcentres.Count)).ToList();

        // Answers spread over the cycle, from an hour after the opening to a day before the deadline.
        var first = cycle.OpensAt.AddHours(1);
        var span = (cycle.Deadline.AddDays(-1) - first).Ticks;
        var plan = answering
            .Select(j => (Jobcentre: j, At: first + TimeSpan.FromTicks((long)(random.NextDouble() * span))))
            .OrderBy(p => p.At)
            .ToList();
        var submitted = 0;
        foreach (var (jobcentre, at) in plan)
        {
            // A storage error (Azurite restarted, a table lost) costs this chief's answer, not the rest of the demo.
            try
            {
                var wait = at - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, ct);
                }

                // A chief answers only after the invitation has reached them; on a slow machine the fan-out of 29
                // invitations takes a while of the accelerated clock, so wait for it in steps of an hour.
                while (await sendLog.GetAsync(year, jobcentre.MunicipalityCode, MailSteps.Invitation, ct) is not { Status: SendStatus.Sent }
                    && time.GetUtcNow() < cycle.Deadline)
                {
                    await Task.Delay(TimeSpan.FromHours(1), time, ct);
                }

                var current = await cycles.GetAsync(year, ct);
                if (current?.State != CycleState.Open)
                {
                    continue;
                }

                if (await SimulatedAnswers.SubmitAsync(catalogues, responses, year, jobcentre, time.GetUtcNow(), random, ct))
                {
                    submitted++;
                    progress.Write(time.GetUtcNow(), $"Svar fra {jobcentre.Municipality} ({submitted} af {jobcentres.Count} har svaret)");
                    await signals.RaiseAsync(new CycleSignal(year, CycleSignalKind.AnswerSubmitted, jobcentre.MunicipalityCode, "demo"), ct);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Demoens svar fra {Jobcentre} blev sprunget over efter en fejl; fortsætter med de næste", jobcentre.MunicipalityCode);
            }
        }
    }
}
