using System.Net;
using System.Reflection;
using System.Text;
using Fremdrift.DevServer.Mail;
using Fremdrift.Functions;
using Fremdrift.Shared;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Survey;
using Fremdrift.Tests.Cycle;
using Fremdrift.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Fremdrift.Tests.Web;

/// <summary>
/// No request shape gets a 500: every route of the local host (read from its own endpoint list, so a new route is
/// covered by itself) and every HTTP function of the Functions app (read from its [Function] methods, called with the
/// app's own registration) is posted no body, JSON, a broken multipart body and bytes that are not text. A post that
/// is not a form gets a Danish 400 (or the route's own 4xx) and changes nothing.
/// </summary>
public class RequestShapeTests
{
    private static readonly FollowUpCycle Plan2027 = CycleSchedule.Plan(2027, new CycleOptions());

    /// <summary>A body shape that is not a form the pages send.</summary>
    private sealed record Shape(string Name, string? ContentType, byte[] Body, bool MustBeRefused);

    private static readonly Shape[] Shapes =
    [
        new("no body", null, [], true),
        new("JSON", "application/json", Encoding.UTF8.GetBytes("""{"aar":2027,"bekraeft":"ja","kommune":101,"handling":"bilag"}"""), true),
        new("broken multipart", "multipart/form-data; boundary=xyz", Encoding.ASCII.GetBytes("--xyz\r\nContent-Disposition: form-data; name=\"aar\"\r\n\r\n2027"), true),
        new("garbage as text", "text/plain", [0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28, 0x7b], true),
        // Bytes that claim to be a form but are not UTF-8: refused as text (the route may also have no use for it).
        new("garbage as a form", "application/x-www-form-urlencoded", [0x61, 0x61, 0x72, 0x3d, 0xff, 0xc3, 0x28, 0x26, 0x25, 0x25], true),
    ];

    /// <summary>A value for each route parameter; a new route with a new parameter fails until it is given one.</summary>
    private static IEnumerable<string> ValuesFor(string parameter, string token) => parameter switch
    {
        "command" => ["luk", "paamind", "nyt-link", "svarfrist", "start", "genaabn", "ukendt"],
        "aar" or "year" => ["2027", "2028", "1999"],
        "code" => ["101", "999"],
        "token" => [token, "abc"],
        "id" => ["ikke-en-mail"],
        "rest" => ["a/b"],
        _ => throw new InvalidOperationException($"The test has no value for the route parameter {{{parameter}}}; add one."),
    };

    [Fact]
    public async Task Every_route_of_the_local_host_answers_every_body_shape_without_a_500_and_changes_nothing()
    {
        await using var host = await CycleTestHost.StartAsync(Plan2027.OpensAt.AddDays(2));
        Assert.Equal(CycleState.Open, (await host.CycleAsync(2027)).State);
        var invitation = host.Server.Get<OutboxStore>().List().First(m => m.Tags.GetValueOrDefault("jobcentre") == "101");
        var token = OutboxLinkToken(invitation.Text);
        var auditBefore = (await host.Server.Get<Shared.Storage.AuditLogRepository>().ListAsync(2027)).Count;
        using var client = host.Server.SecretariatClient();

        var routes = host.Server.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Pattern: e.RoutePattern, Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .ToList();
        var posts = 0;
        var problems = new List<string>();
        foreach (var (pattern, methods) in routes)
        {
            foreach (var path in Expand(pattern, token))
            {
                if (methods.Contains("GET"))
                {
                    var get = await client.GetAsync(new Uri(path + "?aar=abc&besked=%3Cb%3E", UriKind.Relative));
                    if ((int)get.StatusCode >= 500)
                    {
                        problems.Add($"GET {path}: {(int)get.StatusCode}");
                    }
                }

                if (!methods.Contains("POST"))
                {
                    continue;
                }

                foreach (var shape in Shapes)
                {
                    using var content = new ByteArrayContent(shape.Body);
                    if (shape.ContentType is not null)
                    {
                        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(shape.ContentType);
                    }

                    var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
                    posts++;
                    var status = (int)response.StatusCode;
                    var body = await response.Content.ReadAsStringAsync();
                    if (status >= 500 || (shape.MustBeRefused && status is < 400))
                    {
                        problems.Add($"POST {path} with {shape.Name}: {status}");
                    }
                    else if (response.Content.Headers.ContentType?.MediaType == "text/html" && !body.Contains("lang=\"da\"", StringComparison.Ordinal))
                    {
                        problems.Add($"POST {path} with {shape.Name}: {status} without a Danish page");
                    }
                }
            }
        }

        Assert.Empty(problems);
        Assert.True(posts >= 5 * 15, $"only {posts} posts: the endpoint list was not read");
        // Nothing was done: the cycle is still open, and no command reached the audit log.
        Assert.Equal(CycleState.Open, (await host.CycleAsync(2027)).State);
        Assert.Equal(auditBefore, (await host.Server.Get<Shared.Storage.AuditLogRepository>().ListAsync(2027)).Count);
    }

    [Theory]
    [InlineData("/sekretariat/kommando/luk")]
    [InlineData("/sekretariat/kommando/paamind")]
    [InlineData("/sekretariat/aarshjul/genstart")]
    [InlineData("/sekretariat/indlaes/bekraeft")]
    public async Task A_buttons_address_opened_directly_gets_a_Danish_page_with_the_way_back(string path)
    {
        await using var server = await TestDevServer.StartAsync();
        using var client = server.SecretariatClient();

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("Adressen hører til en knap", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/sekretariat\">Til oversigten", html, StringComparison.Ordinal);
        Assert.Equal("POST", response.Content.Headers.Allow.Single());
    }

    [Fact]
    public async Task Every_HTTP_function_answers_every_body_shape_without_a_500()
    {
        var clock = new FakeTimeProvider(Plan2027.OpensAt.AddDays(2));
        await using var host = await Functions.FunctionsAppOnEngine.StartAsync(clock, 2027, new Dictionary<string, string?>
        {
            ["Mail:Provider"] = "SendGrid",
            ["Mail:SendGridApiKey"] = "SG.test-key-not-real",
            ["Mail:SendGridHost"] = "http://127.0.0.1:9",
            // Unsigned, as on the local host, so that the webhook reads the body instead of refusing every post alike.
            ["BounceWebhook:AllowUnsigned"] = "true",
        });
        var services = host.Services;
        await services.GetRequiredService<Shared.Storage.StorageBootstrap>().EnsureReadyAsync();
        await services.GetRequiredService<CycleStarter>().EnsureCycleAsync(2027, CycleActionRunner.AutomaticActor, default);
        await services.GetRequiredService<CycleActionRunner>().OpenAsync(2027);

        var functions = typeof(FunctionsRegistration).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(m => (Type: t, Method: m)))
            .Where(f => f.Method.GetCustomAttribute<FunctionAttribute>() is not null
                && f.Method.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null))
            .ToList();
        var problems = new List<string>();
        var calls = 0;
        foreach (var (type, method) in functions)
        {
            var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(a => a is not null)!;
            var parameterSets = method.GetParameters().Where(p => p.ParameterType == typeof(string) || p.ParameterType == typeof(int))
                .Aggregate(
                    new List<Dictionary<string, string>> { new() },
                    (sets, p) => [.. sets.SelectMany(s => ValuesFor(p.Name!, "abc").Select(v => new Dictionary<string, string>(s) { [p.Name!] = v }))]);
            foreach (var values in parameterSets)
            {
                foreach (var shape in trigger.Methods!.Contains("post") ? Shapes : [new Shape("a plain GET", null, [], false)])
                {
                    var context = new DefaultHttpContext { RequestServices = services };
                    context.Request.Method = trigger.Methods!.Contains("post") ? "POST" : "GET";
                    context.Request.Path = "/" + trigger.Route;
                    context.Request.QueryString = new QueryString("?aar=abc&besked=%3Cb%3E");
                    context.Request.Body = new MemoryStream(shape.Body);
                    context.Request.ContentLength = shape.ContentType is null ? null : shape.Body.Length;
                    context.Request.ContentType = shape.ContentType;
                    context.Response.Body = new MemoryStream();
                    // What SecretariatGate records for an admitted secretariat user (the gate itself is SecretariatGateTests').
                    Assert.Null(SecretariatSignIn.Gate(context, new SecretariatAdmission.Admitted("test"), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));
                    var args = method.GetParameters().Select(p => p.ParameterType switch
                    {
                        _ when p.ParameterType == typeof(HttpRequest) => context.Request,
                        _ when p.ParameterType == typeof(DurableTaskClient) => host.Client,
                        _ when p.ParameterType == typeof(CancellationToken) => CancellationToken.None,
                        _ when p.ParameterType == typeof(int) => int.Parse(values[p.Name!], System.Globalization.CultureInfo.InvariantCulture),
                        _ when p.ParameterType == typeof(string) => (object)values[p.Name!],
                        _ => throw new InvalidOperationException($"{method.Name}: the test cannot bind {p.ParameterType.Name} {p.Name}."),
                    }).ToArray();
                    var instance = ActivatorUtilities.CreateInstance(services, type);
                    var returned = method.Invoke(instance, args);
                    var result = returned switch
                    {
                        Task<IActionResult> task => await task,
                        IActionResult direct => direct,
                        _ => throw new InvalidOperationException($"{method.Name} returns {returned?.GetType().Name}."),
                    };
                    await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
                    calls++;
                    var status = context.Response.StatusCode;
                    if (status >= 500 || (shape.MustBeRefused && status < 400))
                    {
                        problems.Add($"{method.Name} ({string.Join(", ", values.Values)}) with {shape.Name}: {status}");
                    }
                }
            }
        }

        Assert.Empty(problems);
        Assert.True(calls >= 60, $"only {calls} calls: the functions were not found");
        Assert.Equal(CycleState.Open, (await services.GetRequiredService<Shared.Storage.CycleRepository>().GetAsync(2027))!.State);
    }

    /// <summary>
    /// The Shared body reader both hosts call for the form (the Functions function passes its request to it as is):
    /// the largest form the page allows is read whole, one byte more than the limit is refused before parsing.
    /// </summary>
    [Theory]
    [InlineData("æ")]
    [InlineData("–”")]
    public async Task The_form_reader_takes_16_remarks_of_4000_characters_of_any_Danish_text(string characters)
    {
        var remark = string.Concat(Enumerable.Repeat(characters, 4000 / characters.Length));
        var fields = new List<KeyValuePair<string, string>> { new("version", "v"), new("indsendelse", Guid.NewGuid().ToString("N")), new("handling", "indsend") };
        for (var i = 1; i <= 16; i++)
        {
            fields.Add(new($"farve-V{i}", "groen"));
            fields.Add(new($"bem-V{i}", remark));
        }

        using var form = new FormUrlEncodedContent(fields);
        var body = await form.ReadAsByteArrayAsync();

        var read = Assert.IsType<SurveyFormBody.Read>(await SurveyFormBody.ReadAsync(FormRequest(body), default));
        Assert.Equal(16, read.Fields.Pairs.Count(p => p.Key.StartsWith("bem-", StringComparison.Ordinal) && p.Value == remark));

        var over = new byte[SurveyFormBody.MaxBytes + 1];
        Array.Fill(over, (byte)'a');
        Assert.IsType<SurveyFormBody.TooLarge>(await SurveyFormBody.ReadAsync(FormRequest(over), default));
    }

    private static HttpRequest FormRequest(byte[] body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.Body = new MemoryStream(body);
        return context.Request;
    }

    /// <summary>Each concrete path of a route pattern, with every value of each parameter.</summary>
    private static IEnumerable<string> Expand(Microsoft.AspNetCore.Routing.Patterns.RoutePattern pattern, string token)
    {
        IEnumerable<string> paths = [""];
        foreach (var segment in pattern.PathSegments)
        {
            var parts = segment.Parts.Select(part => part switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => [literal.Content],
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => ValuesFor(parameter.Name, token).ToList(),
                _ => new List<string> { "" },
            }).ToList();
            var segmentValues = parts.Aggregate((IEnumerable<string>)[""], (acc, values) => acc.SelectMany(a => values.Select(v => a + v))).ToList();
            paths = paths.SelectMany(p => segmentValues.Select(v => p + "/" + v)).ToList();
        }

        return paths.Select(p => p.Length == 0 ? "/" : p);
    }

    private static string OutboxLinkToken(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, @"/skema/([A-Za-z0-9_-]+)");
        Assert.True(match.Success, "no link in the invitation");
        return match.Groups[1].Value;
    }
}
