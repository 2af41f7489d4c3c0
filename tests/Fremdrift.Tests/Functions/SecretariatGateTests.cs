using System.Collections;
using System.Reflection;
using Fremdrift.Functions;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Tests.Secretariat;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fremdrift.Tests.Functions;

/// <summary>
/// The secretariat's gate in the Functions app, run as the worker runs it: a function context carrying the ASP.NET
/// Core request, the gate, and then what the ASP.NET Core integration does with the invocation result.
/// </summary>
public class SecretariatGateTests
{
    private const string StatusEntryPoint = "Fremdrift.Functions.Secretariat.SecretariatFunctions.SecretariatStatus";

    [Fact]
    public async Task A_request_without_a_principal_is_refused_with_401_and_the_function_does_not_run()
    {
        var run = await RunAsync(principal: null);

        Assert.False(run.FunctionRan);
        Assert.Equal(401, run.Status);
        Assert.Contains("Sekretariatets sider kræver, at du er logget ind", run.Body, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => SecretariatAccess.Actor(run.Http.Request));
    }

    [Fact]
    public async Task A_signed_in_member_of_the_group_is_admitted_and_the_function_gets_the_actor()
    {
        var run = await RunAsync(SecretariatPrincipalTests.Principal());

        Assert.True(run.FunctionRan);
        Assert.Equal("anne@kkr.example", SecretariatAccess.Actor(run.Http.Request));
        Assert.Null(run.Result);
    }

    [Fact]
    public async Task A_signed_in_user_outside_the_group_is_refused_with_403()
    {
        var run = await RunAsync(SecretariatPrincipalTests.Principal(group: "another-group"));

        Assert.False(run.FunctionRan);
        Assert.Equal(403, run.Status);
        Assert.Contains("Ingen adgang", run.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("False")]
    public async Task Without_platform_authentication_a_perfect_principal_is_refused(string? authEnabled)
    {
        var run = await RunAsync(SecretariatPrincipalTests.Principal(), authEnabled: authEnabled);

        Assert.False(run.FunctionRan);
        Assert.Equal(401, run.Status);
    }

    [Fact]
    public async Task A_cross_site_post_is_refused_even_with_a_good_principal()
    {
        var run = await RunAsync(SecretariatPrincipalTests.Principal(), method: "POST", origin: "https://evil.example");

        Assert.False(run.FunctionRan);
        Assert.Equal(403, run.Status);
        Assert.Contains("et andet website", run.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_function_that_runs_without_the_gate_has_no_actor_and_fails_closed()
    {
        var http = new DefaultHttpContext();

        Assert.Throws<InvalidOperationException>(() => SecretariatAccess.Actor(http.Request));
    }

    [Theory]
    [InlineData(StatusEntryPoint, true)]
    [InlineData("Fremdrift.Functions.Documents.DocumentFunctions.DocumentsPageDownload", true)]
    [InlineData("Fremdrift.Functions.Cycle.CycleInstanceFunctions.CycleInstanceRestart", true)]
    [InlineData("Fremdrift.Functions.Documents.YearImportFunctions.YearImportDelete", true)]
    [InlineData("Fremdrift.Functions.Documents.YearImportFunctions.YearImportDeleteShow", true)]
    [InlineData("Fremdrift.Functions.Survey.SurveyFormFunctions.SurveyFormGet", false)]
    [InlineData("Fremdrift.Functions.Mail.SendGridWebhookFunction.SendGridEventWebhook", false)]
    [InlineData("Fremdrift.Functions.Cycle.CycleTimerFunction.CycleTimer", false)]
    [InlineData("Nowhere.Missing", false)]
    public void The_gate_guards_exactly_the_functions_of_SecretariatOnly_classes(string entryPoint, bool guarded) =>
        Assert.Equal(guarded, SecretariatGate.Guards(entryPoint));

    private sealed record GateRun(HttpContext Http, bool FunctionRan, object? Result, int Status, string Body);

    private static async Task<GateRun> RunAsync(string? principal, string? authEnabled = "True", string method = "GET", string? origin = null)
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Request.Method = method;
        http.Request.Scheme = "https";
        http.Request.Host = new HostString("fremdrift.example");
        http.Request.Path = "/sekretariat";
        if (principal is not null)
        {
            http.Request.Headers[AppServicePrincipal.Header] = principal;
        }

        if (origin is not null)
        {
            http.Request.Headers.Origin = origin;
        }

        http.Response.Body = new MemoryStream();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [SecretariatPrincipalCheck.AuthEnabledVariable] = authEnabled })
            .Build();
        var gate = new SecretariatGate(
            configuration,
            Options.Create(new SecretariatOptions { AllowedGroupOrRole = SecretariatPrincipalTests.Group }),
            NullLogger<SecretariatGate>.Instance);
        var context = new GateFunctionContext(http, StatusEntryPoint);

        Assert.True(SecretariatGate.Guards(context));
        var ran = false;
        await gate.Invoke(context, _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        // What the ASP.NET Core integration does after the pipeline: execute the invocation result on the response.
        var result = context.GetInvocationResult().Value;
        if (result is IActionResult action)
        {
            await action.ExecuteResultAsync(new ActionContext(http, new RouteData(), new ActionDescriptor()));
        }

        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync();
        return new GateRun(http, ran, result, http.Response.StatusCode, body);
    }

    /// <summary>
    /// A function invocation as the worker gives it to middleware: the ASP.NET Core request in Items (where
    /// GetHttpContext finds it) and the worker's bindings feature for the invocation result.
    /// </summary>
    private sealed class GateFunctionContext : FunctionContext
    {
        public GateFunctionContext(HttpContext http, string entryPoint)
        {
            Items = new Dictionary<object, object> { ["HttpRequestContext"] = http };
            FunctionDefinition = new Definition(entryPoint);
            Features = new InvocationFeatures();
        }

        public override string InvocationId => "test-invocation";

        public override string FunctionId => "test-function";

        public override TraceContext TraceContext => throw new NotSupportedException();

        public override BindingContext BindingContext => throw new NotSupportedException();

        public override RetryContext RetryContext => throw new NotSupportedException();

        public override IServiceProvider InstanceServices { get; set; } = new ServiceCollection().BuildServiceProvider();

        public override FunctionDefinition FunctionDefinition { get; }

        public override IDictionary<object, object> Items { get; set; }

        public override IInvocationFeatures Features { get; }
    }

    private sealed class Definition(string entryPoint) : FunctionDefinition
    {
        public override System.Collections.Immutable.ImmutableArray<FunctionParameter> Parameters => [];

        public override string PathToAssembly => typeof(SecretariatGate).Assembly.Location;

        public override string EntryPoint => entryPoint;

        public override string Id => "test-function";

        public override string Name => entryPoint[(entryPoint.LastIndexOf('.') + 1)..];

        public override System.Collections.Immutable.IImmutableDictionary<string, BindingMetadata> InputBindings =>
            System.Collections.Immutable.ImmutableDictionary<string, BindingMetadata>.Empty;

        public override System.Collections.Immutable.IImmutableDictionary<string, BindingMetadata> OutputBindings =>
            System.Collections.Immutable.ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    /// <summary>The worker's features; its bindings feature (internal to the worker) is stood in for by a proxy that keeps the invocation result.</summary>
    private sealed class InvocationFeatures : IInvocationFeatures
    {
        private static readonly Type BindingsFeature = typeof(FunctionContext).Assembly.GetType("Microsoft.Azure.Functions.Worker.Context.Features.IFunctionBindingsFeature", throwOnError: true)!;
        private readonly Dictionary<Type, object> features = new() { [BindingsFeature] = DispatchProxy.Create(BindingsFeature, typeof(InvocationResultKeeper)) };

        public T? Get<T>() => features.TryGetValue(typeof(T), out var feature) ? (T)feature : default;

        public void Set<T>(T instance) => features[typeof(T)] = instance!;

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => features.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Maintainability", "CA1515", Justification = "DispatchProxy derives the proxy from this type in a generated assembly: it must be public and unsealed.")]
    public class InvocationResultKeeper : DispatchProxy
    {
        private object? result;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            switch (targetMethod?.Name)
            {
                case "get_InvocationResult":
                    return result;
                case "set_InvocationResult":
                    result = args![0];
                    return null;
                default:
                    throw new NotSupportedException(targetMethod?.Name);
            }
        }
    }
}
