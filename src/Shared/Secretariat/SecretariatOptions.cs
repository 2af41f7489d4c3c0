namespace Fremdrift.Shared.Secretariat;

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
