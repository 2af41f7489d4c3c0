using Fremdrift.Shared.Secretariat;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fremdrift.Tests.Secretariat;

/// <summary>
/// The secretariat's gate that both hosts share: the key fallback is a setting (Secretariat__SignIn=AccessKey), the
/// admitted actor is read one way, and a request that never passed the gate has no actor.
/// </summary>
public class SecretariatSignInTests
{
    private const string Key = "k3y-of-at-least-thirty-two-characters-long";

    private static DefaultHttpContext Request(string method = "GET", string? header = null, string? query = null)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Scheme = "https";
        http.Request.Host = new HostString("fremdrift.example");
        http.Request.Path = "/sekretariat";
        if (header is not null)
        {
            http.Request.Headers[SecretariatSignIn.KeyHeader] = header;
        }

        if (query is not null)
        {
            http.Request.QueryString = QueryString.Create(SecretariatSignIn.KeyQuery, query);
        }

        return http;
    }

    private static SecretariatOptions KeyMode(string? key = Key) => new() { SignIn = SecretariatSignInMode.AccessKey, AccessKey = key };

    [Fact]
    public void With_the_key_setting_the_right_key_in_the_header_or_the_address_admits_as_adgangsnoegle()
    {
        foreach (var http in new[] { Request(header: Key), Request(query: Key) })
        {
            var admission = SecretariatSignIn.CheckAzure(http.Request, KeyMode(), authEnabled: null);
            Assert.Null(SecretariatSignIn.Gate(http, admission, NullLogger.Instance));
            Assert.Equal(SecretariatSignIn.KeyActor, SecretariatSignIn.Actor(http));
        }
    }

    [Fact]
    public void With_the_key_setting_a_wrong_missing_or_unconfigured_key_is_refused_with_a_danish_page()
    {
        Assert.Equal(401, Refusal(Request(header: Key + "x"), KeyMode()));
        Assert.Equal(401, Refusal(Request(), KeyMode()));
        Assert.Equal(403, Refusal(Request(header: "short"), KeyMode("short")));
        Assert.Equal(403, Refusal(Request(header: ""), KeyMode("")));
    }

    [Fact]
    public void By_default_the_key_counts_for_nothing_and_the_entra_principal_is_required()
    {
        Assert.Equal(SecretariatSignInMode.EntraId, new SecretariatOptions().SignIn);
        var options = new SecretariatOptions { AllowedGroupOrRole = SecretariatPrincipalTests.Group, AccessKey = Key };
        Assert.Equal(401, Refusal(Request(header: Key), options));

        var http = Request();
        http.Request.Headers[AppServicePrincipal.Header] = SecretariatPrincipalTests.Principal();
        Assert.Null(SecretariatSignIn.Gate(http, SecretariatSignIn.CheckAzure(http.Request, options, "true"), NullLogger.Instance));
        Assert.Equal("anne@kkr.example", SecretariatSignIn.Actor(http));
    }

    [Fact]
    public void A_cross_site_post_is_refused_even_when_admitted_and_an_ungated_request_has_no_actor()
    {
        var http = Request("POST", header: Key);
        http.Request.Headers.Origin = "https://evil.example";
        var refusal = SecretariatSignIn.Gate(http, new SecretariatAdmission.Admitted("x"), NullLogger.Instance);
        Assert.Equal(403, refusal!.Status);
        Assert.Throws<InvalidOperationException>(() => SecretariatSignIn.Actor(http));
    }

    private static int Refusal(DefaultHttpContext http, SecretariatOptions options)
    {
        var refusal = SecretariatSignIn.Gate(http, SecretariatSignIn.CheckAzure(http.Request, options, "true"), NullLogger.Instance);
        Assert.NotNull(refusal);
        Assert.Contains("text/html", refusal.ContentType, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => SecretariatSignIn.Actor(http));
        return refusal.Status;
    }
}
