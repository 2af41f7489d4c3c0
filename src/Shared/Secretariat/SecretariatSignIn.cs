using System.Security.Cryptography;
using System.Text;
using Fremdrift.Shared.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Shared.Secretariat;

/// <summary>
/// The secretariat's gate, one for both hosts: each host proves who is asking in its own way (in Azure the App Service
/// principal or the shared key, <see cref="CheckAzure"/>; locally a password), then <see cref="Gate"/> refuses a
/// cross-site post, answers a refusal with a Danish page, or records the admitted user on the request, where every
/// secretariat endpoint of both hosts reads it with <see cref="Actor"/> (for the audit log).
/// </summary>
public static class SecretariatSignIn
{
    /// <summary>The header and query parameter that carry the shared key in <see cref="SecretariatSignInMode.AccessKey"/>.</summary>
    public const string KeyHeader = "x-functions-key";

    public const string KeyQuery = "code";

    /// <summary>The actor the audit log records for a request admitted by the shared key.</summary>
    public const string KeyActor = "adgangsnøgle";

    private const string ActorItem = "fremdrift.secretariat.actor";

    private const int MinimumKeyLength = 32;

    /// <summary>Who is asking, in Azure: the App Service principal (Entra ID) or the shared key, as the options say.</summary>
    public static SecretariatAdmission CheckAzure(HttpRequest request, SecretariatOptions options, string? authEnabled)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (options.SignIn == SecretariatSignInMode.EntraId)
        {
            return SecretariatPrincipalCheck.Check(authEnabled, request.Headers[AppServicePrincipal.Header], options.AllowedGroupOrRole);
        }

        if (options.AccessKey is not { Length: >= MinimumKeyLength } expected)
        {
            return new SecretariatAdmission.Refused(403, "Secretariat__SignIn is AccessKey but Secretariat__AccessKey is not set (or shorter than 32 characters); nobody is admitted");
        }

        string presented = request.Headers[KeyHeader].FirstOrDefault() ?? request.Query[KeyQuery].FirstOrDefault() ?? "";
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected))
            ? new SecretariatAdmission.Admitted(KeyActor)
            : new SecretariatAdmission.Refused(401, "No valid secretariat access key");
    }

    /// <summary>
    /// Refuses a cross-site post (403), or answers a refused admission with a Danish page (401 not signed in, 403 signed
    /// in without access); null after recording the admitted actor on the request.
    /// </summary>
    public static PageResult? Gate(HttpContext http, SecretariatAdmission admission, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        if (HttpMethods.IsPost(request.Method) && request.IsCrossSite())
        {
            return PageResult.Text(403, "Afvist: formularen kom fra et andet website.");
        }

        switch (admission)
        {
            case SecretariatAdmission.Admitted admitted:
                http.Items[ActorItem] = admitted.Actor;
                return null;
            case SecretariatAdmission.Refused { Status: 403 } refused:
                logger.LogWarning("Refused a secretariat request to {Path}: {Reason}", request.Path.Value, refused.LogReason);
                return PageResult.Html(403, HtmlLayout.MessagePage(
                    "Ingen adgang",
                    "Ingen adgang",
                    "Du er logget ind, men din konto har ikke adgang til sekretariatets sider. Kontakt IT, hvis du skal have adgang."));
            case SecretariatAdmission.Refused refused:
                logger.LogWarning("Refused a secretariat request to {Path}: {Reason}", request.Path.Value, refused.LogReason);
                return PageResult.Html(401, HtmlLayout.MessagePage(
                    "Log ind",
                    "Log ind",
                    "Sekretariatets sider kræver, at du er logget ind med din KKR-konto. Åbn siden igen fra adressen, du har fået af IT, og log ind."));
            default:
                throw new InvalidOperationException("Unknown admission.");
        }
    }

    /// <summary>The admitted user's name for the audit log, as <see cref="Gate"/> recorded it.</summary>
    public static string Actor(HttpContext http) =>
        http?.Items[ActorItem] as string
        ?? throw new InvalidOperationException("A secretariat endpoint ran without the secretariat's gate.");
}
