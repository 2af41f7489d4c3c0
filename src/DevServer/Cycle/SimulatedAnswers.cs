using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;

namespace Fremdrift.DevServer.Cycle;

/// <summary>
/// A complete submitted form for one jobcentre, written through the response repository (one ETag-guarded
/// transaction), as the demo's simulated chiefs and the cycle's tests submit. The caller raises the signal.
/// </summary>
internal static class SimulatedAnswers
{
    /// <summary>Returns false if the jobcentre had already submitted (nothing is overwritten).</summary>
    public static async Task<bool> SubmitAsync(
        CatalogueRepository catalogues,
        ResponseRepository responses,
        int year,
        Jobcentre jobcentre,
        DateTimeOffset now,
        Random random,
        CancellationToken ct)
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

            var updated = (previous ?? SurveyResponse.New(year, jobcentre.MunicipalityCode)) with
            {
                State = ResponseState.Submitted,
                Draft = answers,
                Submitted = answers,
                OpenedAt = previous?.OpenedAt ?? now,
                DraftSavedAt = now,
                SubmittedAt = now,
                SubmittedBy = jobcentre.ChiefName + " (demo)",
                LastSubmissionId = SurveyResponse.NewSubmissionId(),
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

    private static Rating PickRating(Recommendation recommendation, Random random) => random.Next(10) switch
    {
        < 5 => Rating.Groen,
        < 8 => Rating.Gul,
        < 9 => Rating.Roed,
        _ when recommendation.Obligation == Obligation.Skal => Rating.Roed,
        _ => Rating.IkkeRelevant,
    };
}
