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
/// The secretariat's gate in Azure, once for every secretariat function, over the gate both hosts share
/// (<see cref="SecretariatSignIn"/>; the local host's counterpart is its endpoint filter on the /sekretariat group).
/// Registered with UseWhen for the functions of classes marked <see cref="SecretariatOnlyAttribute"/>: a cross-site
/// post gets 403; a request that is not from a signed-in member of the secretariat's group or role (or, with
/// Secretariat__SignIn=AccessKey, without the key) gets 401/403 with a Danish page, and the function never runs.
/// </summary>
internal sealed class SecretariatGate(IConfiguration configuration, IOptions<SecretariatOptions> options, ILogger<SecretariatGate> logger) : IFunctionsWorkerMiddleware
{
    private static readonly ConcurrentDictionary<string, bool> GuardedEntryPoints = new(StringComparer.Ordinal);

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
        var admission = SecretariatSignIn.CheckAzure(http.Request, options.Value, configuration[SecretariatPrincipalCheck.AuthEnabledVariable]);
        if (SecretariatSignIn.Gate(http, admission, logger) is { } refusal)
        {
            // The ASP.NET Core integration writes the invocation result to the response; the function does not run.
            context.GetInvocationResult().Value = refusal.ToActionResult();
            return;
        }

        // The footer names a missing accessibility or privacy link to the secretariat only (SiteNotices).
        Shared.Site.SiteNotices.MarkSecretariatReader();
        await next(context);
    }
}
