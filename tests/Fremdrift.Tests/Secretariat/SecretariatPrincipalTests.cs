using System.Text;
using System.Text.Json;
using Fremdrift.Shared.Secretariat;

namespace Fremdrift.Tests.Secretariat;

/// <summary>The secretariat's lock in Azure: only a platform-made Entra ID principal with the configured group gets in.</summary>
public class SecretariatPrincipalTests
{
    internal const string Group = "6f1c0a2e-3b7d-4c3e-9a51-2f0b8e1d7c44";
    private const string NameType = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";

    internal static string Principal(string provider = "aad", string? group = Group, string name = "anne@kkr.example", string? role = null)
    {
        var claims = new List<object>
        {
            new { typ = NameType, val = name },
            new { typ = "name", val = "Anne Andersen" },
        };
        if (group is not null)
        {
            claims.Add(new { typ = "groups", val = group });
        }

        if (role is not null)
        {
            claims.Add(new { typ = "roles", val = role });
        }

        var json = JsonSerializer.Serialize(new
        {
            auth_typ = provider,
            claims,
            name_typ = NameType,
            role_typ = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
        });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    [Fact]
    public void A_valid_Entra_principal_in_the_group_is_admitted_with_its_own_name_as_actor()
    {
        var admission = SecretariatPrincipalCheck.Check("True", Principal(), Group);

        Assert.Equal(new SecretariatAdmission.Admitted("anne@kkr.example"), admission);
    }

    [Fact]
    public void The_configured_value_may_be_an_app_role()
    {
        Assert.IsType<SecretariatAdmission.Admitted>(SecretariatPrincipalCheck.Check("true", Principal(group: null, role: "Sekretariat"), "Sekretariat"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("False")]
    [InlineData("1")]
    public void Without_platform_authentication_even_a_perfect_principal_is_refused(string? authEnabled)
    {
        // With App Service authentication off, X-MS-CLIENT-PRINCIPAL is whatever the client sent.
        var refused = Assert.IsType<SecretariatAdmission.Refused>(SecretariatPrincipalCheck.Check(authEnabled, Principal(), Group));

        Assert.Equal(401, refused.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Without_a_configured_group_nobody_is_admitted(string? allowed)
    {
        var refused = Assert.IsType<SecretariatAdmission.Refused>(SecretariatPrincipalCheck.Check("True", Principal(), allowed));

        Assert.Equal(403, refused.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("anne@kkr.example")] // what the old check accepted: any value of a principal header
    [InlineData("not base64!")]
    [InlineData("bm90IGpzb24=")] // "not json"
    [InlineData("WzEsMiwzXQ==")] // [1,2,3]
    [InlineData("eyJjbGFpbXMiOltdfQ==")] // {"claims":[]}: no identity provider
    [InlineData("eyJhdXRoX3R5cCI6ImFhZCJ9")] // {"auth_typ":"aad"}: no claims
    public void A_missing_or_malformed_principal_is_refused(string? header)
    {
        var refused = Assert.IsType<SecretariatAdmission.Refused>(SecretariatPrincipalCheck.Check("True", header, Group));

        Assert.Equal(401, refused.Status);
    }

    [Theory]
    [InlineData("github")]
    [InlineData("google")]
    [InlineData("twitter")]
    public void A_principal_from_another_identity_provider_is_refused(string provider)
    {
        var refused = Assert.IsType<SecretariatAdmission.Refused>(SecretariatPrincipalCheck.Check("True", Principal(provider), Group));

        Assert.Equal(401, refused.Status);
    }

    [Fact]
    public void A_signed_in_user_outside_the_group_is_refused_with_403()
    {
        var refused = Assert.IsType<SecretariatAdmission.Refused>(
            SecretariatPrincipalCheck.Check("True", Principal(group: "11111111-2222-3333-4444-555555555555"), Group));

        Assert.Equal(403, refused.Status);
    }

    [Fact]
    public void The_group_must_be_a_group_or_role_claim_not_any_claim_with_that_value()
    {
        var refused = SecretariatPrincipalCheck.Check("True", Principal(group: null, name: Group), Group);

        Assert.Equal(403, Assert.IsType<SecretariatAdmission.Refused>(refused).Status);
    }

    [Fact]
    public void The_actor_is_one_line_even_if_the_name_claim_is_not()
    {
        var admission = SecretariatPrincipalCheck.Check("True", Principal(name: "anne@kkr.example\r\nBcc: x"), Group);

        Assert.Equal("anne@kkr.exampleBcc: x", Assert.IsType<SecretariatAdmission.Admitted>(admission).Actor);
    }
}
