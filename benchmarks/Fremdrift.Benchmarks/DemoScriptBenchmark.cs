using System.Diagnostics;
using System.Globalization;
using Fremdrift.DevServer.Azurite;

namespace Fremdrift.Benchmarks;

/// <summary>
/// The demo as a user runs it: <c>scripts/run.sh --demo</c> from its start (tool check, build, Azurite, the host)
/// to the line that says the demo is done, measured on the wall clock around the script. The script's process tree
/// (the host and the Azurite it owns) is ended afterwards; nothing else is touched.
/// </summary>
internal static class DemoScriptBenchmark
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    public static async Task RunAsync()
    {
        var root = AzuriteProcess.RepositoryRoot();
        var data = Path.Combine(Path.GetTempPath(), "fremdrift-demo-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new ProcessStartInfo(Path.Combine(root, "scripts", "run.sh"))
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--demo");
        start.Environment["DevServer__DataFolder"] = data;
        start.Environment["urls"] = "http://127.0.0.1:0";
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

        var watch = Stopwatch.StartNew();
        using var script = Process.Start(start) ?? throw new InvalidOperationException("scripts/run.sh did not start.");
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = 0;
        script.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                done.TrySetException(new InvalidOperationException("scripts/run.sh --demo ended before the demo was done."));
                return;
            }

            Interlocked.Increment(ref lines);
            if (e.Data.Contains("Demo færdig", StringComparison.Ordinal))
            {
                done.TrySetResult(e.Data);
            }
        };
        script.ErrorDataReceived += (_, _) => { };
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        try
        {
            var last = await done.Task.WaitAsync(Patience);
            var wall = watch.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  scripts/run.sh --demo, start to \"Demo færdig\": {wall.TotalSeconds:F1} s wall (target < 30 s), {lines} console lines; load average at start {load}"));
            Console.WriteLine("    the host's own line: " + last);
        }
        finally
        {
            script.Kill(entireProcessTree: true);
            await script.WaitForExitAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // Azurite may still release its files for a moment; a temporary folder left behind is harmless.
            }
        }
    }
}
