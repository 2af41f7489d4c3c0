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
public sealed class DemoResponder(
    CycleStarter starter,
    CycleRepository cycles,
    CatalogueRepository catalogues,
    JobcentreRepository directory,
    ResponseRepository responses,
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
            var wait = at - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, ct);
            }

            var current = await cycles.GetAsync(year, ct);
            if (current?.State != CycleState.Open)
            {
                continue;
            }

            if (await SubmitAsync(year, jobcentre, random, ct))
            {
                submitted++;
                progress.Write(time.GetUtcNow(), $"Svar fra {jobcentre.Municipality} ({submitted} af {jobcentres.Count} har svaret)");
                await signals.RaiseAsync(new CycleSignal(year, CycleSignalKind.AnswerSubmitted, jobcentre.MunicipalityCode, "demo"), ct);
            }
        }
    }

    private async Task<bool> SubmitAsync(int year, Jobcentre jobcentre, Random random, CancellationToken ct)
    {
        var catalogue = await catalogues.GetAsync(year, ct) ?? throw new InvalidOperationException($"Kataloget for {year} mangler.");
        var answers = catalogue.AllRecommendations
            .Select(r => new Answer(r.Id, PickRating(r, random), "Demo-svar: status som aftalt i jobcenterets handleplan."))
            .ToList();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var previous = await responses.GetAsync(year, jobcentre.MunicipalityCode, ct);
            if (previous?.IsSubmitted == true)
            {
                return false;
            }

            var now = time.GetUtcNow();
            var updated = (previous ?? SurveyResponse.New(year, jobcentre.MunicipalityCode)) with
            {
                State = ResponseState.Submitted,
                Draft = answers,
                Submitted = answers,
                OpenedAt = previous?.OpenedAt ?? now,
                DraftSavedAt = now,
                SubmittedAt = now,
                SubmittedBy = jobcentre.ChiefName + " (demo)",
                LastSubmissionId = Guid.NewGuid().ToString("N"),
            };
            try
            {
                await responses.SaveAsync(previous, updated, ct);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                // The survey touched the response meanwhile (e.g. issued its link); read again.
            }
        }

        return false;
    }

    private static Rating PickRating(Recommendation recommendation, Random random)
    {
        var roll = random.Next(10);
        return roll switch
        {
            < 5 => Rating.Groen,
            < 8 => Rating.Gul,
            < 9 => Rating.Roed,
            _ when recommendation.Obligation == Obligation.Skal => Rating.Roed,
            _ => Rating.IkkeRelevant,
        };
    }
}
