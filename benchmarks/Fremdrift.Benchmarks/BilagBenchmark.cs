using System.Diagnostics;
using System.Globalization;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Benchmarks;

/// <summary>
/// Figures for the bilag feature (see docs/documents.md, Speed): build time and peak memory of the bilag for
/// KKR Hovedstaden (29 municipalities × 16 recommendations), for all of Denmark with a larger catalogue
/// (98 × 60) and for a stress size (200 × 100), against each size's targets, and the time per cell.
/// Each size runs in its own child process, so that its peak working set is its own; the peak is read after
/// the bilag builds and before the Excel export and the own form, so it is the bilag's.
/// <c>-- bilag --write-samples DIR</c> writes each size's bilag and Excel export to DIR (for rendering with LibreOffice).
/// </summary>
internal static class BilagBenchmark
{
    private const string ChildVariable = "FREMDRIFT_BILAG_BENCH_CHILD";

    private sealed record Scenario(string Name, int Municipalities, int Recommendations, int Runs, double TargetSeconds, double TargetPeakMb);

    private sealed record Figures(string Scenario, int Cells, double MedianMs, double MinMs, double MaxMs, double AllocatedMb, double PeakWorkingSetMb, double PeakWithExcelMb, double BaselineWorkingSetMb, long BilagBytes, double ExcelMs, double FormMs, double ColdMs);

    private static readonly Scenario[] Scenarios =
    [
        new("KKR Hovedstaden 29 × 16", 29, 16, 15, 0.5, 300),
        new("Hele Danmark 98 × 60", 98, 60, 5, 3.0, 200),
        new("Stress 200 × 100", 200, 100, 3, 6.0, 300),
    ];

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static async Task RunAsync()
    {
        var child = Environment.GetEnvironmentVariable(ChildVariable);
        if (child is not null)
        {
            var figures = Measure(Scenarios[int.Parse(child, CultureInfo.InvariantCulture)]);
            Console.WriteLine("RESULT " + System.Text.Json.JsonSerializer.Serialize(figures));
            return;
        }

        var arguments = Environment.GetCommandLineArgs();
        var samples = Array.IndexOf(arguments, "--write-samples");
        if (samples >= 0 && samples + 1 < arguments.Length)
        {
            var folder = Directory.CreateDirectory(arguments[samples + 1]).FullName;
            foreach (var scenario in Scenarios)
            {
                var input = Synthesize(scenario.Municipalities, scenario.Recommendations);
                var path = Path.Combine(folder, $"bilag-{scenario.Municipalities}x{scenario.Recommendations}");
                File.WriteAllBytes(path + ".docx", BilagBuilder.Build(input));
                File.WriteAllBytes(path + ".xlsx", AnswersWorkbookBuilder.Build(input));
                Console.WriteLine($"  wrote {path}.docx and .xlsx");
            }

            return;
        }

        Console.WriteLine($"  load average before: {LoadAverage()}");
        Console.WriteLine("  GC: " + GcSettings());
        var results = new List<Figures>();
        for (var i = 0; i < Scenarios.Length; i++)
        {
            results.Add(await RunChildAsync(i) ?? Measure(Scenarios[i]));
        }

        Console.WriteLine($"  load average after: {LoadAverage()}");
        Console.WriteLine($"  {"scenario",-26} {"cells",6} {"median",9} {"min",8} {"max",8} {"target",7} {"alloc/build",12} {"peak WS",9} {"target",7} {"+xlsx WS",9} {"docx",8} {"xlsx",8} {"own form",9} {"cold 1st",9}");
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            var s = Scenarios[i];
            var ok = r.MedianMs / 1000 < s.TargetSeconds && r.PeakWorkingSetMb < s.TargetPeakMb ? "ok" : "OVER";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {r.Scenario,-26} {r.Cells,6} {r.MedianMs,7:F0}ms {r.MinMs,6:F0}ms {r.MaxMs,6:F0}ms {s.TargetSeconds,5:F1}s {r.AllocatedMb,9:F1} MB {r.PeakWorkingSetMb,6:F0} MB {s.TargetPeakMb,4:F0} MB {r.PeakWithExcelMb,6:F0} MB {r.BilagBytes / 1024,5} KB {r.ExcelMs,6:F0}ms {r.FormMs,7:F0}ms {r.ColdMs,7:F0}ms  {ok}"));
        }

        var small = results[0];
        var large = results[1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  per cell: {small.MedianMs * 1000 / small.Cells:F1} µs ({small.Cells} cells) vs {large.MedianMs * 1000 / large.Cells:F1} µs ({large.Cells} cells); " +
            $"cells ×{(double)large.Cells / small.Cells:F1}, time ×{large.MedianMs / small.MedianMs:F1}, allocation ×{large.AllocatedMb / small.AllocatedMb:F1}"));
        Console.WriteLine("  " + PeakPerCell(results));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  peak WS is the whole child process (runtime + inputs + bilag builds), read before the Excel export; \"+xlsx WS\" after it. Before the first build: {string.Join(" / ", results.Select(r => r.BaselineWorkingSetMb.ToString("F0", CultureInfo.InvariantCulture)))} MB"));
    }

    /// <summary>
    /// The GC settings the children run under (they inherit this process's environment): the peak working set of a
    /// build depends on the gen0 budget, which the runtime sizes from the machine's cache unless DOTNET_GCgen0size
    /// fixes it, so a peak is only comparable with one taken under the same settings.
    /// </summary>
    private static string GcSettings()
    {
        static string Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : "unset";
        var info = GC.GetGCMemoryInfo();
        return string.Create(CultureInfo.InvariantCulture,
            $"server {System.Runtime.GCSettings.IsServerGC}, concurrent {AppContext.TryGetSwitch("System.GC.Concurrent", out var c) && c}, latency {System.Runtime.GCSettings.LatencyMode}, " +
            $"DOTNET_GCgen0size={Env("DOTNET_GCgen0size")}, DOTNET_gcServer={Env("DOTNET_gcServer")}, DOTNET_GCHeapHardLimit={Env("DOTNET_GCHeapHardLimit")}, " +
            $"memory available to the GC {info.TotalAvailableMemoryBytes / 1048576} MB, {Environment.ProcessorCount} processors");
    }

    /// <summary>Peak working set as base + slope × cells, a least-squares line through the scenarios' peaks.</summary>
    private static string PeakPerCell(IReadOnlyList<Figures> results)
    {
        var xs = results.Select(r => (double)r.Cells).ToList();
        var ys = results.Select(r => r.PeakWorkingSetMb).ToList();
        var (mx, my) = (xs.Average(), ys.Average());
        var slope = xs.Zip(ys).Sum(p => (p.First - mx) * (p.Second - my)) / xs.Sum(x => (x - mx) * (x - mx));
        var intercept = my - (slope * mx);
        var fit = string.Join(", ", results.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Cells} cells: {r.PeakWorkingSetMb:F0} MB measured, {intercept + (slope * r.Cells):F0} MB on the line")));
        return string.Create(CultureInfo.InvariantCulture,
            $"peak WS ≈ {intercept:F0} MB + {slope * 1024:F1} KB per cell ({fit}); 400 × 100 would peak near {intercept + (slope * 40_000):F0} MB");
    }

    private static async Task<Figures?> RunChildAsync(int scenario)
    {
        var path = Environment.ProcessPath;
        if (path is null)
        {
            return null;
        }

        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BilagBenchmark).Assembly.Location);
        }

        start.ArgumentList.Add("bilag");
        start.Environment[ChildVariable] = scenario.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        return line is null ? null : System.Text.Json.JsonSerializer.Deserialize<Figures>(line["RESULT ".Length..]);
    }

    private static Figures Measure(Scenario scenario)
    {
        var input = Synthesize(scenario.Municipalities, scenario.Recommendations);
        var baseline = Process.GetCurrentProcess().WorkingSet64;
        // The first build pays for JIT compilation: what a cold Functions instance sees once.
        var cold = Stopwatch.StartNew();
        var bilag = BilagBuilder.Build(input);
        cold.Stop();
        for (var i = 0; i < 3; i++)
        {
            BilagBuilder.Build(input);
        }

        var times = new List<double>();
        long allocated = 0;
        for (var i = 0; i < scenario.Runs; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            bilag = BilagBuilder.Build(input);
            watch.Stop();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var bilagPeak = self.PeakWorkingSet64;

        AnswersWorkbookBuilder.Build(input);
        var form = new MunicipalityFormInput(input.Year, input.Catalogue, input.Jobcentres[0], input.ThisYear[0], input.GeneratedAt);
        MunicipalityFormBuilder.Build(form);
        var excel = Stopwatch.StartNew();
        AnswersWorkbookBuilder.Build(input);
        excel.Stop();
        var own = Stopwatch.StartNew();
        MunicipalityFormBuilder.Build(form);
        own.Stop();

        times.Sort();
        self.Refresh();
        return new Figures(
            scenario.Name,
            scenario.Municipalities * scenario.Recommendations,
            times[times.Count / 2],
            times[0],
            times[^1],
            allocated / (double)scenario.Runs / 1024 / 1024,
            bilagPeak / 1024.0 / 1024,
            self.PeakWorkingSet64 / 1024.0 / 1024,
            baseline / 1024.0 / 1024,
            bilag.Length,
            excel.Elapsed.TotalMilliseconds,
            own.Elapsed.TotalMilliseconds,
            cold.Elapsed.TotalMilliseconds);
    }

    /// <summary>
    /// The real 2015 catalogue and 29 municipalities for the small case; for larger cases a catalogue of
    /// <paramref name="recommendations"/> in four areas and <paramref name="municipalities"/> municipalities.
    /// Every municipality but one in ten answers, every answer with a two-line remark; last year's answers too.
    /// </summary>
    private static BilagInput Synthesize(int municipalities, int recommendations)
    {
        const int year = 2027;
        var builtIn = CatalogueFile.LoadBuiltIn(year);
        var catalogue = recommendations == builtIn.AllRecommendations.Count()
            ? builtIn
            : new Catalogue(year, builtIn.Title, Enumerable.Range(0, 4).Select(a => new CatalogueArea(
                $"A{a}",
                builtIn.Areas[a].Title,
                builtIn.Areas[a].Intro,
                Enumerable.Range(0, recommendations / 4 + (a < recommendations % 4 ? 1 : 0)).Select(r => new Recommendation(
                    $"A{a}R{r}", $"A{a}", r % 3 == 2 ? Obligation.Kan : Obligation.Skal,
                    builtIn.AllRecommendations.ElementAt((a * 4 + r) % 16).Text)).ToList())).ToList());

        var builtInDirectory = MunicipalityFile.LoadBuiltInDirectory();
        var directory = municipalities == builtInDirectory.Count
            ? builtInDirectory
            : Enumerable.Range(0, municipalities).Select(i => new Jobcentre(101 + i * 8, $"Kommune {i + 1} Ærøskøbing", $"Jobcenter {i + 1}", "Chef", "chef@x.example")).ToList();

        var ids = catalogue.AllRecommendations.Select(r => r.Id).ToList();
        var thisYear = directory.Where((_, i) => i % 10 != 3).Select((j, i) => new SubmittedAnswers(
            j.MunicipalityCode,
            ids.Select((id, r) => new Answer(id, (Rating)((i + r) % 3),
                $"Vi deltager i det fælles beredskab med nabokommunerne og har i år udvidet samarbejdet om {id}.\nNæste skridt: evaluering med virksomhederne i {j.Municipality} inden sommerferien.")).ToList(),
            DateTimeOffset.UnixEpoch.AddYears(57),
            "Chef")).ToList();
        var lastYear = directory.Select((j, i) => new SubmittedAnswers(
            j.MunicipalityCode,
            ids.Select((id, r) => new Answer(id, (Rating)((i + 2 * r) % 3), "sidste år")).ToList(),
            null,
            null)).ToList();
        return new BilagInput(year, catalogue, directory, thisYear, lastYear, new DateTimeOffset(2027, 2, 15, 12, 0, 0, TimeSpan.Zero), Draft: false);
    }
}
