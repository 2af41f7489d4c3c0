using Fremdrift.Functions;
using Fremdrift.Shared;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = FunctionsApplication.CreateBuilder(args);

// ASP.NET Core integration: HTTP functions take HttpRequest and return IActionResult.
builder.ConfigureFunctionsWebApplication();

// The secretariat's gate, once for every function of a [SecretariatOnly] class: after the ASP.NET Core integration's
// own middleware (which gives the request), before the function runs.
builder.UseWhen<SecretariatGate>(SecretariatGate.Guards);

// Telemetry goes from the worker straight to Application Insights, authenticated with the managed identity named in
// APPLICATIONINSIGHTS_AUTHENTICATION_STRING (the resource has local auth off; ConfigureFunctionsApplicationInsights
// reads that setting).
builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();

// The Application Insights logger adds a rule that keeps only warnings; the app's Information logs (each mail sent,
// each decision of the cycle) are what the secretariat's IT staff read when something goes wrong.
builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
{
    var warningsOnly = options.Rules.FirstOrDefault(rule =>
        rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
    if (warningsOnly is not null)
    {
        options.Rules.Remove(warningsOnly);
    }
});

// Everything with behaviour lives in src/Shared; this registers it.
builder.Services.AddFremdrift(builder.Configuration);
builder.Services.AddFremdriftFunctions();

builder.Build().Run();
