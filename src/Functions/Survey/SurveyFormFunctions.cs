using Fremdrift.Shared.Survey;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Functions.Survey;

/// <summary>
/// The jobcentres' form behind their personal link. Anonymous on purpose: the unguessable token in the route is
/// the chief's only credential, and the Shared handler checks it before anything else. Thin: read, call the
/// handler, map the page.
/// </summary>
internal sealed class SurveyFormFunctions(SurveyFormHandler handler, ILogger<SurveyFormFunctions> logger)
{
    [Function(nameof(SurveyFormGet))]
    public async Task<IActionResult> SurveyFormGet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "skema/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        (await handler.GetAsync(token, cancellationToken)).ToActionResult();

    [Function(nameof(SurveyFormPost))]
    public async Task<IActionResult> SurveyFormPost(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "skema/{token}")] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        // Read with the same hard limit as the local host, before any parsing.
        var body = await SurveyFormBody.ReadAsync(request, cancellationToken);
        var page = body switch
        {
            SurveyFormBody.Read read => await handler.PostAsync(token, read.Fields, cancellationToken),
            SurveyFormBody.TooLarge => SurveyPages.TooLarge(),
            SurveyFormBody.Unreadable unreadable => SurveyPages.Unreadable(unreadable.Reason),
            _ => throw new InvalidOperationException("Unknown form body."),
        };
        // A submit wakes the year's orchestration (early close, no more reminders) through this client.
        return await page.SignalledAsync(client, logger, cancellationToken);
    }
}
