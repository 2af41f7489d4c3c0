using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fremdrift.Functions;

/// <summary>
/// How the secretariat's functions are protected. App Service authentication (Entra ID) sits in front of every
/// path but the form and the webhook (Bicep parameter anonymousPaths), so the functions themselves are
/// Anonymous: with a Function level, the host would demand a function key from signed-in users as well. The
/// function fails closed on its own as well (<see cref="SecretariatPrincipalCheck"/>): the platform's
/// authentication must be on (WEBSITE_AUTH_ENABLED), the X-MS-CLIENT-PRINCIPAL header must decode to an Entra ID
/// principal, and that principal must carry Secretariat__AllowedGroupOrRole. A header merely present proves
/// nothing: with authentication off, clients could send it. The documented fallback without Entra ID (README,
/// "Giving the secretariat access") is to set <see cref="Level"/> to Function: the host then checks the key and
/// the principal is not required.
/// </summary>
public static class SecretariatAccess
{
    public const AuthorizationLevel Level = AuthorizationLevel.Anonymous;

    private const string ActorItem = "fremdrift.secretariat.actor";

    // Not a constant comparison, so that both branches compile whichever level is chosen.
    private static readonly bool FunctionKeyFallback = Level != AuthorizationLevel.Anonymous;

    /// <summary>A 403 for a cross-site post, 401/403 when the request did not come from a signed-in secretariat user; null when it may go on.</summary>
    public static IActionResult? Refusal(HttpRequest request)
    {
        if (HttpMethods.IsPost(request.Method) && request.IsCrossSite())
        {
            return PageResult.Text(403, "Afvist: formularen kom fra et andet website.").ToActionResult();
        }

        if (FunctionKeyFallback)
        {
            request.HttpContext.Items[ActorItem] = "funktionsnøgle";
            return null;
        }

        switch (Admit(request))
        {
            case SecretariatAdmission.Admitted admitted:
                request.HttpContext.Items[ActorItem] = admitted.Actor;
                return null;
            case SecretariatAdmission.Refused { Status: 403 } refused:
                Log(request, refused);
                return PageResult.Html(403, HtmlLayout.MessagePage(
                    "Ingen adgang",
                    "Ingen adgang",
                    "Du er logget ind, men din konto har ikke adgang til sekretariatets sider. Kontakt IT, hvis du skal have adgang."))
                    .ToActionResult();
            case SecretariatAdmission.Refused refused:
                Log(request, refused);
                return PageResult.Html(401, HtmlLayout.MessagePage(
                    "Log ind",
                    "Log ind",
                    "Sekretariatets sider kræver, at du er logget ind med din KKR-konto. Åbn siden igen fra adressen, du har fået af IT, og log ind."))
                    .ToActionResult();
            default:
                throw new InvalidOperationException("Unknown admission.");
        }
    }

    /// <summary>The signed-in user's name from the validated principal (or "funktionsnøgle" in the key fallback).</summary>
    public static string Actor(HttpRequest request) =>
        request.HttpContext.Items[ActorItem] as string
        ?? (Admit(request) as SecretariatAdmission.Admitted)?.Actor
        ?? throw new InvalidOperationException("Actor asked for a request that Refusal did not admit.");

    private static SecretariatAdmission Admit(HttpRequest request) =>
        SecretariatPrincipalCheck.Check(
            Environment.GetEnvironmentVariable(SecretariatPrincipalCheck.AuthEnabledVariable),
            request.Headers[AppServicePrincipal.Header],
            request.HttpContext.RequestServices.GetService<IOptions<SecretariatOptions>>()?.Value.AllowedGroupOrRole);

    private static void Log(HttpRequest request, SecretariatAdmission.Refused refused) =>
        request.HttpContext.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(SecretariatAccess).FullName!)
            .LogWarning("Refused a secretariat request to {Path}: {Reason}", request.Path.Value, refused.LogReason);
}
