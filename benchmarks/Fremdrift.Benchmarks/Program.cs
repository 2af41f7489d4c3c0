using Fremdrift.Benchmarks;

// Prints figures; asserts nothing. Run: dotnet run -c Release --project benchmarks/Fremdrift.Benchmarks -- [survey|cycle|bilag|loop|demo|webhook|import|all] (cycle includes loop)
var which = args.FirstOrDefault() ?? "all";
var benchmarks = new Dictionary<string, Func<Task>>(StringComparer.OrdinalIgnoreCase)
{
    ["survey"] = SurveyBenchmark.RunAsync,
    ["cycle"] = CycleBenchmark.RunAsync,
    ["bilag"] = BilagBenchmark.RunAsync,
    ["loop"] = LoopStorageBenchmark.RunAsync,
    ["import"] = ImportBenchmark.RunAsync,
    ["demo"] = DemoScriptBenchmark.RunAsync,
    ["webhook"] = WebhookBenchmark.RunAsync,
};

foreach (var (name, run) in benchmarks)
{
    var inAll = name is not "loop" and not "demo"; // "cycle" runs the loop's figures; "demo" builds and runs the script
    if ((inAll && which.Equals("all", StringComparison.OrdinalIgnoreCase)) || which.Equals(name, StringComparison.OrdinalIgnoreCase))
    {
        Console.WriteLine($"== {name}");
        await run();
    }
}
