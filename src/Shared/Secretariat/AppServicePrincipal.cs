using System.Text;
using System.Text.Json;

namespace Fremdrift.Shared.Secretariat;

/// <summary>One claim of an App Service principal.</summary>
internal sealed record PrincipalClaim(string Type, string Value);

/// <summary>
/// The signed-in user as App Service authentication hands it to the app: the X-MS-CLIENT-PRINCIPAL header, base64
/// of a JSON object with auth_typ (the identity provider), claims (typ/val), name_typ and role_typ.
/// </summary>
internal sealed record AppServicePrincipal(string IdentityProvider, IReadOnlyList<PrincipalClaim> Claims, string NameType, string RoleType)
{
    public const string Header = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>The identity provider App Service names for Entra ID.</summary>
    public const string EntraId = "aad";

    /// <summary>Claim types Entra ID uses for group membership (v1/v2 tokens and App Service's long form).</summary>
    private static readonly string[] GroupClaimTypes = ["groups", "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"];

    private static readonly string[] RoleClaimTypes = ["roles", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"];

    private static readonly string[] NameFallbacks =
        ["preferred_username", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "name", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"];

    /// <summary>The user's name for the audit log: the claim of <see cref="NameType"/>, else a usual name claim; null when none.</summary>
    public string? Name =>
        new[] { NameType }.Concat(NameFallbacks)
            .Select(type => Claims.FirstOrDefault(c => c.Type == type)?.Value)
            .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>True when a group or role claim carries <paramref name="groupOrRole"/> (group IDs compared without case).</summary>
    public bool HasGroupOrRole(string groupOrRole) =>
        Claims.Any(c => (GroupClaimTypes.Contains(c.Type) || RoleClaimTypes.Contains(c.Type) || c.Type == RoleType)
            && string.Equals(c.Value.Trim(), groupOrRole.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Decodes the header; null for anything that is not the platform's well-formed JSON.</summary>
    public static AppServicePrincipal? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > 64 * 1024)
        {
            return null;
        }

        try
        {
            var json = Convert.FromBase64String(header.Trim());
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || Text(root, "auth_typ") is not { Length: > 0 } provider
                || !root.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var list = new List<PrincipalClaim>();
            foreach (var claim in claims.EnumerateArray())
            {
                if (claim.ValueKind == JsonValueKind.Object && Text(claim, "typ") is { Length: > 0 } type && Text(claim, "val") is { } value)
                {
                    list.Add(new PrincipalClaim(type, value));
                }
            }

            return new AppServicePrincipal(provider, list, Text(root, "name_typ") ?? "", Text(root, "role_typ") ?? "");
        }
        catch (Exception e) when (e is FormatException or JsonException or DecoderFallbackException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>The outcome of checking a request's principal: the actor to audit, or why it was refused.</summary>
public abstract record SecretariatAdmission
{
    private SecretariatAdmission()
    {
    }

    public sealed record Admitted(string Actor) : SecretariatAdmission;

    /// <summary><paramref name="Status"/> 401 (not signed in through the platform) or 403 (signed in, not the secretariat); <paramref name="LogReason"/> is for the log only.</summary>
    public sealed record Refused(int Status, string LogReason) : SecretariatAdmission;
}

/// <summary>
/// The secretariat's lock in Azure, pure so that every refusal can be tested: the platform's authentication must be
/// on (WEBSITE_AUTH_ENABLED, set by App Service when authsettingsV2 is enabled; without it the principal headers are
/// whatever the client sent), the principal must decode, come from Entra ID and carry the configured group or role.
/// </summary>
public static class SecretariatPrincipalCheck
{
    public const string AuthEnabledVariable = "WEBSITE_AUTH_ENABLED";

    public static SecretariatAdmission Check(string? authEnabled, string? principalHeader, string? allowedGroupOrRole)
    {
        if (!string.Equals(authEnabled?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return new SecretariatAdmission.Refused(401, "App Service authentication is not enabled (WEBSITE_AUTH_ENABLED is not True); principal headers cannot be trusted");
        }

        if (string.IsNullOrWhiteSpace(allowedGroupOrRole))
        {
            return new SecretariatAdmission.Refused(403, "Secretariat__AllowedGroupOrRole is not set; nobody is admitted");
        }

        var principal = AppServicePrincipal.Parse(principalHeader);
        if (principal is null)
        {
            return new SecretariatAdmission.Refused(401, "No valid X-MS-CLIENT-PRINCIPAL header");
        }

        if (!string.Equals(principal.IdentityProvider, AppServicePrincipal.EntraId, StringComparison.OrdinalIgnoreCase))
        {
            return new SecretariatAdmission.Refused(401, "Principal from an identity provider other than Entra ID (aad)");
        }

        if (!principal.HasGroupOrRole(allowedGroupOrRole))
        {
            return new SecretariatAdmission.Refused(403, "Signed-in user is not in the secretariat's group or role");
        }

        return new SecretariatAdmission.Admitted(SingleLine(principal.Name) ?? "ukendt bruger");
    }

    private static string? SingleLine(string? name) =>
        name is null ? null : new string(name.Where(c => !char.IsControl(c)).Take(200).ToArray()).Trim() is { Length: > 0 } s ? s : null;
}
