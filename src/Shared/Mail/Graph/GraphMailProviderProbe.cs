using System.Net;
using Polly;

namespace Fremdrift.Shared.Mail.Graph;

/// <summary>
/// Readiness for Mail:Provider=Graph: reads the mailbox's inbox folder id (<c>GET /users/{mailbox}/mailFolders/inbox?$select=id</c>),
/// which needs a token for the app's identity and the mailbox in its Exchange scope. It reads, never sends: Graph has
/// no call that proves Mail.Send without sending, so the set-up grants Mail.Send and Mail.Read together, on the same
/// mailbox scope (docs/deployment.md), and this checks that grant.
/// </summary>
public sealed class GraphMailProviderProbe(GraphApi graph) : IMailProviderProbe
{
    public async Task<MailProviderCheck> CheckAsync(CancellationToken cancellationToken)
    {
        string mailbox;
        try
        {
            mailbox = graph.Mailbox;
        }
        catch (InvalidOperationException e)
        {
            return new MailProviderCheck(false, e.Message);
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, graph.MailboxUri("mailFolders/inbox?$select=id"));
            using var response = await graph.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return new MailProviderCheck(true, $"Microsoft Graph godtager appens identitet for postkassen {mailbox} (læst indbakken; intet sendt).");
            }

            var excerpt = await GraphApi.ErrorExcerptAsync(response, cancellationToken);
            return new MailProviderCheck(false, response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                    $"Microsoft Graph afviser appens identitet for postkassen {mailbox} ({(int)response.StatusCode}: {excerpt}). En administrator skal give Mail.Send og Mail.Read for netop den postkasse (docs/deployment.md).",
                HttpStatusCode.NotFound => $"Postkassen {mailbox} findes ikke i Microsoft 365 ({excerpt}). Ret Mail__GraphMailbox.",
                _ => $"Microsoft Graph svarede {(int)response.StatusCode} for postkassen {mailbox}: {excerpt}. Prøv igen senere.",
            });
        }
        catch (GraphCredentialException e)
        {
            return new MailProviderCheck(false, e.Message);
        }
        catch (Exception e) when (e is HttpRequestException or ExecutionRejectedException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new MailProviderCheck(false, "Microsoft Graph kunne ikke nås: " + e.Message);
        }
    }
}
