using Fremdrift.Shared.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Fremdrift.Functions;

/// <summary>
/// How the secretariat's functions are protected. App Service authentication (Entra ID) sits in front of every
/// path but the form and the webhook (Bicep parameter anonymousPaths), so the functions themselves are
/// Anonymous: with a Function level, the host would demand a function key from signed-in users as well. As a
/// second lock, should authentication ever be switched off by mistake, a request must carry the principal header
/// that App Service authentication sets (and strips from what clients send). The documented fallback without
/// Entra ID (README, "Giving the secretariat access") is to set <see cref="Level"/> to Function: the host then
/// checks the key and the header is not required.
/// </summary>
public static class SecretariatAccess
{
    public const AuthorizationLevel Level = AuthorizationLevel.Anonymous;

    private const string PrincipalIdHeader = "X-MS-CLIENT-PRINCIPAL-ID";

    /// <summary>A 403 for a cross-site post, a 401 page when the request did not come through the sign-in; null when it may go on.</summary>
    public static IActionResult? Refusal(HttpRequest request)
    {
        if (HttpMethods.IsPost(request.Method) && request.IsCrossSite())
        {
            return PageResult.Text(403, "Afvist: formularen kom fra et andet website.").ToActionResult();
        }

        if (Level != AuthorizationLevel.Anonymous || !string.IsNullOrWhiteSpace(request.Headers[PrincipalIdHeader]))
        {
            return null;
        }

        return PageResult.Html(401, HtmlLayout.Page(
            "Log ind",
            "<h1>Log ind</h1><p>Sekretariatets sider kræver, at du er logget ind med din KKR-konto. Åbn siden igen fra adressen, du har fået af IT, og log ind.</p>"))
            .ToActionResult();
    }

    /// <summary>The signed-in user's name for the audit log (or "funktionsnøgle" in the key fallback).</summary>
    public static string Actor(HttpRequest request)
    {
        var name = request.Headers["X-MS-CLIENT-PRINCIPAL-NAME"].ToString();
        return string.IsNullOrWhiteSpace(name) ? "funktionsnøgle" : name;
    }
}
