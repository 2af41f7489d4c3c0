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

/// <summary>Who may use the secretariat's pages in Azure (section "Secretariat").</summary>
public sealed class SecretariatOptions
{
    public const string Section = "Secretariat";

    /// <summary>
    /// The Entra ID group (object ID) or app role (value) whose members are the secretariat. Required in Azure: a
    /// signed-in user without it is refused. Locally unused (the local host has its own password).
    /// </summary>
    public string? AllowedGroupOrRole { get; set; }

    /// <summary>How the secretariat signs in: Entra ID (default) or, without an app registration, a shared key.</summary>
    public SecretariatSignInMode SignIn { get; set; } = SecretariatSignInMode.EntraId;

    /// <summary>The shared key when <see cref="SignIn"/> is AccessKey (at least 32 characters; from Key Vault). Empty: nobody is admitted.</summary>
    public string? AccessKey { get; set; }
}
