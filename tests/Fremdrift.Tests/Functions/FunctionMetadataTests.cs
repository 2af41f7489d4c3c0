using System.Reflection;
using System.Text.Json;

namespace Fremdrift.Tests.Functions;

/// <summary>
/// The bindings the Functions host will index, read from the <c>functions.metadata</c> that the worker SDK's source
/// generators write when src/Functions is built (the same build as this test's). The table below is the contract
/// with Azure, the Bicep (anonymous paths, the timer setting) and the README: a renamed route, a lost Durable client
/// or a changed authorization level fails here, not in production.
/// </summary>
public class FunctionMetadataTests
{
    private sealed record Expected(string Name, string Trigger, string? Route = null, string? Method = null, bool DurableClient = false, string? Schedule = null);

    private static readonly Expected[] Functions =
    [
        new("SurveyFormGet", "httpTrigger", "skema/{token}", "get"),
        new("SurveyFormPost", "httpTrigger", "skema/{token}", "post", DurableClient: true),
        new("SecretariatStatus", "httpTrigger", "sekretariat", "get"),
        new("SecretariatCommand", "httpTrigger", "sekretariat/kommando/{command}", "post", DurableClient: true),
        new("SecretariatContactForm", "httpTrigger", "sekretariat/jobcenter/{code:int}", "get"),
        new("SecretariatContactSave", "httpTrigger", "sekretariat/jobcenter/{code:int}", "post", DurableClient: true),
        new("SendGridEventWebhook", "httpTrigger", "webhooks/sendgrid", "post"),
        new("DocumentsPageShow", "httpTrigger", "sekretariat/dokumenter", "get"),
        new("DocumentsPageBuild", "httpTrigger", "sekretariat/dokumenter", "post"),
        new("DocumentsPageDownload", "httpTrigger", "sekretariat/dokumenter/hent", "get"),
        new("YearImportShow", "httpTrigger", "sekretariat/indlaes", "get"),
        new("YearImportPreview", "httpTrigger", "sekretariat/indlaes", "post"),
        new("YearImportConfirm", "httpTrigger", "sekretariat/indlaes/bekraeft", "post"),
        new("YearImportTrend", "httpTrigger", "sekretariat/indlaes/udvikling", "get"),
        new("YearImportDeleteShow", "httpTrigger", "sekretariat/indlaes/{aar}/slet", "get"),
        new("YearImportDelete", "httpTrigger", "sekretariat/indlaes/{aar}/slet", "post"),
        new("CycleInstanceStatus", "httpTrigger", "sekretariat/aarshjul", "get", DurableClient: true),
        new("CycleInstanceRestart", "httpTrigger", "sekretariat/aarshjul/genstart", "post", DurableClient: true),
        new("YearContentShow", "httpTrigger", "sekretariat/anbefalinger/{year:int}", "get"),
        new("YearContentSave", "httpTrigger", "sekretariat/anbefalinger/{year:int}", "post", DurableClient: true),
        new("YearContentPreview", "httpTrigger", "sekretariat/anbefalinger/{year:int}/forhaandsvisning", "get"),
        new("YearContentExport", "httpTrigger", "sekretariat/anbefalinger/{year:int}/json", "get"),
        new("YearContentImport", "httpTrigger", "sekretariat/anbefalinger/{year:int}/json", "post"),
        new("SecretariatMailTexts", "httpTrigger", "sekretariat/mailtekster/{year:int}", "get"),
        new("SecretariatMailTextSave", "httpTrigger", "sekretariat/mailtekster/{year:int}", "post"),
        new("SecretariatReadiness", "httpTrigger", "sekretariat/klar/{year:int}", "get"),
        new("SecretariatCommandAddress", "httpTrigger", "sekretariat/kommando/{command}", "get"),
        new("CycleInstanceRestartAddress", "httpTrigger", "sekretariat/aarshjul/genstart", "get"),
        new("YearImportConfirmAddress", "httpTrigger", "sekretariat/indlaes/bekraeft", "get"),
        new("CycleTimer", "timerTrigger", DurableClient: true, Schedule: "%Cycle:TimerSchedule%"),
        new("GraphBounceTimer", "timerTrigger", Schedule: "%Mail:GraphBounceSchedule%"),
        new("FollowUpCycleOrchestrator", "orchestrationTrigger"),
        new("LoadCycleTurn", "activityTrigger"),
        new("RunCycleAction", "activityTrigger"),
        new("ReportCycleTurn", "activityTrigger"),
    ];

    [Fact]
    public void Every_function_is_indexed_with_its_trigger_route_method_and_bindings_and_no_other()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(MetadataFile()));
        var indexed = metadata.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);

        Assert.Equal(Functions.Select(f => f.Name).Order(StringComparer.Ordinal), indexed.Keys.Order(StringComparer.Ordinal));
        foreach (var expected in Functions)
        {
            var bindings = indexed[expected.Name].GetProperty("bindings").EnumerateArray().ToList();
            var trigger = Assert.Single(bindings, b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            Assert.Equal(expected.Trigger, trigger.GetProperty("type").GetString());
            if (expected.Trigger == "httpTrigger")
            {
                Assert.Equal(expected.Route, trigger.GetProperty("route").GetString());
                Assert.Equal([expected.Method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
                // Anonymous at the Functions level on purpose: the chief's link is the form's credential, the webhook
                // checks SendGrid's signature, and the secretariat's pages sit behind App Service authentication
                // (a function key would be demanded of signed-in users as well).
                Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
                Assert.Contains(bindings, b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "Out");
            }

            if (expected.Schedule is not null)
            {
                Assert.Equal(expected.Schedule, trigger.GetProperty("schedule").GetString());
            }

            Assert.Equal(expected.DurableClient, bindings.Any(b => b.GetProperty("type").GetString() == "durableClient"));
        }
    }

    [Fact]
    public void The_orchestrator_and_activities_are_bound_under_the_names_the_shared_loop_calls()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(MetadataFile()));
        var names = metadata.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToHashSet();

        Assert.Contains(Shared.Cycle.FollowUpCycleLoop.OrchestratorName, names);
        Assert.Contains(Shared.Cycle.FollowUpCycleLoop.LoadTurnActivity, names);
        Assert.Contains(Shared.Cycle.FollowUpCycleLoop.RunActionActivity, names);
        Assert.Contains(Shared.Cycle.FollowUpCycleLoop.ReportTurnActivity, names);
    }

    [Fact]
    public void The_architecture_doc_lists_every_indexed_function_by_name_and_counts_them_right()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(MetadataFile()));
        var indexed = metadata.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToList();

        var doc = File.ReadAllText(Path.Combine(Infrastructure.RepoFiles.Root, "docs", "architecture.md"));
        var start = doc.IndexOf("## The Functions app's functions", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/architecture.md has no section \"## The Functions app's functions\"");
        var end = doc.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        var section = doc[start..(end < 0 ? doc.Length : end)];
        var listed = System.Text.RegularExpressions.Regex.Matches(section, @"^\| `(\w+)` \|", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(indexed, listed);
        var counts = System.Text.RegularExpressions.Regex.Matches(doc, @"(\d+) functions").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(counts, n => Assert.Equal(indexed.Count, n));
    }

    [Fact]
    public void The_build_writes_the_worker_config_and_the_host_side_Durable_extension()
    {
        var folder = Path.GetDirectoryName(MetadataFile())!;
        using var worker = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "worker.config.json")));
        Assert.Equal("Fremdrift.Functions.dll", worker.RootElement.GetProperty("description").GetProperty("defaultWorkerPath").GetString());

        // The worker SDK builds the host's side of the bindings (WorkerExtensions) into .azurefunctions.
        var extensions = File.ReadAllText(Path.Combine(folder, "extensions.json"));
        Assert.Contains("DurableTaskWebJobsStartup", extensions, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, ".azurefunctions", "Microsoft.Azure.WebJobs.Extensions.DurableTask.dll")));
    }

    [Fact]
    public void Every_function_under_sekretariat_and_no_other_runs_behind_the_secretariat_gate()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(MetadataFile()));
        foreach (var function in metadata.RootElement.EnumerateArray())
        {
            var route = function.GetProperty("bindings").EnumerateArray()
                .Where(b => b.TryGetProperty("route", out _)).Select(b => b.GetProperty("route").GetString()).SingleOrDefault();
            var entryPoint = function.GetProperty("entryPoint").GetString()!;
            Assert.True(
                (route?.Split('/')[0] == "sekretariat") == Fremdrift.Functions.SecretariatGate.Guards(entryPoint),
                $"{entryPoint} ({route ?? "no route"}): the gate's [SecretariatOnly] and the route disagree");
        }
    }

    /// <summary>src/Functions' build output of the same configuration as this test assembly.</summary>
    private static string MetadataFile()
    {
        var configuration = typeof(FunctionMetadataTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Fremdrift.slnx")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var file = Path.Combine(dir.FullName, "src", "Functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(file), $"{file} is missing: build src/Functions ({configuration}) first; the README's test command does.");
        return file;
    }
}
