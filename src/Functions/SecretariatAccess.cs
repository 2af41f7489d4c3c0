using Fremdrift.Shared.Secretariat;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fremdrift.Functions;

/// <summary>
/// How the secretariat's functions are protected. App Service authentication (Entra ID) sits in front of every
/// path but the form and the webhook (Bicep parameter anonymousPaths), so the functions themselves are
/// Anonymous: with a Function level, the host would demand a function key from signed-in users as well. Every
/// function of a class marked <see cref="SecretariatOnlyAttribute"/> runs behind <see cref="SecretariatGate"/>, a
/// worker middleware that fails closed on its own as well: the platform's authentication must be on
/// (WEBSITE_AUTH_ENABLED), the X-MS-CLIENT-PRINCIPAL header must decode to an Entra ID principal, and that
/// principal must carry Secretariat__AllowedGroupOrRole. A header merely present proves nothing: with
/// authentication off, clients could send it. The fallback without Entra ID is a setting, not a code change:
/// Secretariat__SignIn=AccessKey with Secretariat__AccessKey (docs/deployment.md).
/// </summary>
internal static class SecretariatAccess
{
    public const AuthorizationLevel Level = AuthorizationLevel.Anonymous;

    /// <summary>The signed-in user's name, as the shared gate admitted it (<see cref="SecretariatSignIn.Actor"/>).</summary>
    public static string Actor(HttpRequest request) => SecretariatSignIn.Actor(request.HttpContext);
}

/// <summary>Marks a class whose every function is the secretariat's: <see cref="SecretariatGate"/> admits each request first.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class SecretariatOnlyAttribute : Attribute;
