namespace Fremdrift.Shared.Secretariat;

/// <summary>How the secretariat signs in to the Functions app (section "Secretariat"; docs/deployment.md).</summary>
public enum SecretariatSignInMode
{
    /// <summary>Entra ID through App Service authentication; the principal must carry <see cref="SecretariatOptions.AllowedGroupOrRole"/>.</summary>
    EntraId,

    /// <summary>
    /// The fallback without Entra ID: the key in <see cref="SecretariatOptions.AccessKey"/> (a Key Vault reference), sent
    /// as the <c>x-functions-key</c> header or the <c>code</c> query parameter; the audit log records "adgangsnøgle".
    /// </summary>
    AccessKey,
}
