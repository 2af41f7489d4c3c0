using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Web;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Fremdrift.DevServer;

/// <summary>
/// Local stand-in for the secretariat's sign-in (Entra ID in Azure): HTTP Basic with user "sekretariat" and the
/// password in DevServer:SecretariatPassword. Without one, a random password is made at start and printed.
/// Cross-site POSTs are refused, since a browser resends Basic credentials on its own.
/// </summary>
internal sealed class SecretariatAuth
{
    public const string User = "sekretariat";

    public SecretariatAuth(IConfiguration configuration, ILogger<SecretariatAuth> logger)
    {
        var configured = configuration["DevServer:SecretariatPassword"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            Password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(9)).Replace('+', 'x').Replace('/', 'y');
            Generated = true;
            // Information, not a warning: the console's sign-in line already says so in Danish, with the password.
            logger.LogInformation("No DevServer:SecretariatPassword set; generated one for this run");
        }
        else
        {
            Password = configured;
        }
    }

    public string Password { get; }

    public bool Generated { get; }

    public bool IsAuthorized(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = Encoding.UTF8.GetBytes(User + ":" + Password);
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(decoded), expected);
    }
}

/// <summary>
/// Guards every route of the /sekretariat group: the password proves who is asking (a 401 challenges the browser for
/// it), then the gate both hosts share (<see cref="SecretariatSignIn.Gate"/>) refuses a cross-site post and records the
/// actor that the endpoints read with <see cref="SecretariatSignIn.Actor"/>.
/// </summary>
internal sealed class SecretariatAuthFilter(SecretariatAuth auth, ILogger<SecretariatAuthFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!auth.IsAuthorized(http.Request))
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"Fremdrift sekretariat\", charset=\"UTF-8\"";
            return Results.Text("Log ind som sekretariat (bruger \"sekretariat\").", "text/plain; charset=utf-8", statusCode: 401);
        }

        if (SecretariatSignIn.Gate(http, new SecretariatAdmission.Admitted(SecretariatAuth.User + " (lokal)"), logger) is { } refusal)
        {
            return refusal.ToHttp();
        }

        Fremdrift.Shared.Site.SiteNotices.MarkSecretariatReader();
        return await next(context);
    }
}

/// <summary>The actor recorded in the audit log for a secretariat request.</summary>
internal static class SecretariatActor
{
    public static string Of(HttpContext http) => SecretariatSignIn.Actor(http);
}
