using System.Collections.Concurrent;
using System.Reflection;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fremdrift.Functions;

/// <summary>
/// The secretariat's gate in Azure, once for every secretariat function (the local host's counterpart is its
/// endpoint filter on the /sekretariat group). Registered with UseWhen for the functions of classes marked
/// <see cref="SecretariatOnlyAttribute"/>: a cross-site post gets 403; a request that is not from a signed-in
/// member of the secretariat's group or role gets 401/403 with a Danish page, and the function never runs; an
/// admitted request carries its actor's name to the function (<see cref="SecretariatAccess.Actor"/>).
/// </summary>
internal sealed class SecretariatGate(IConfiguration configuration, IOptions<SecretariatOptions> options, ILogger<SecretariatGate> logger) : IFunctionsWorkerMiddleware
{
    private static readonly ConcurrentDictionary<string, bool> GuardedEntryPoints = new(StringComparer.Ordinal);

    // Not a constant comparison, so that both branches compile whichever level is chosen.
    private static readonly bool FunctionKeyFallback = SecretariatAccess.Level != AuthorizationLevel.Anonymous;

    /// <summary>The UseWhen predicate: whether the invoked function is one of the secretariat's.</summary>
    public static bool Guards(FunctionContext context) => Guards(context.FunctionDefinition.EntryPoint);

    /// <summary>Whether a function entry point ("Namespace.Class.Method") belongs to a class marked [SecretariatOnly].</summary>
    public static bool Guards(string entryPoint) => GuardedEntryPoints.GetOrAdd(entryPoint, static e =>
    {
        var typeName = e[..Math.Max(0, e.LastIndexOf('.'))];
        return typeof(SecretariatGate).Assembly.GetType(typeName)?.GetCustomAttribute<SecretariatOnlyAttribute>() is not null;
    });

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext()
            ?? throw new InvalidOperationException($"The secretariat's function {context.FunctionDefinition.Name} was invoked without an HTTP request.");
        if (Refusal(http) is { } refusal)
        {
            // The ASP.NET Core integration writes the invocation result to the response; the function does not run.
            context.GetInvocationResult().Value = refusal.ToActionResult();
            return;
        }

        // The footer names a missing accessibility or privacy link to the secretariat only (SiteNotices).
        Shared.Site.SiteNotices.MarkSecretariatReader();
        await next(context);
    }

    /// <summary>The refusal page, or null after recording the admitted actor on the request.</summary>
    private PageResult? Refusal(HttpContext http)
    {
        var request = http.Request;
        if (HttpMethods.IsPost(request.Method) && request.IsCrossSite())
        {
            return PageResult.Text(403, "Afvist: formularen kom fra et andet website.");
        }

        if (FunctionKeyFallback)
        {
            http.Items[SecretariatAccess.ActorItem] = "funktionsnøgle";
            return null;
        }

        var admission = SecretariatPrincipalCheck.Check(
            configuration[SecretariatPrincipalCheck.AuthEnabledVariable],
            request.Headers[AppServicePrincipal.Header],
            options.Value.AllowedGroupOrRole);
        switch (admission)
        {
            case SecretariatAdmission.Admitted admitted:
                http.Items[SecretariatAccess.ActorItem] = admitted.Actor;
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
}
