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
        // The same read (with its hard limit) and dispatch as the local host's; a submit wakes the year's
        // orchestration (early close, no more reminders) through this client.
        var page = await SurveyFormBody.PostAsync(request, token, handler, cancellationToken);
        return await page.SignalledAsync(client, logger, cancellationToken);
    }
}
