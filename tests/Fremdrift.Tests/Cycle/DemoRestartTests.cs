using System.Diagnostics;
using Azure.Data.Tables;
using Fremdrift.DevServer.Azurite;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fremdrift.Tests.Cycle;

/// <summary>
/// <c>scripts/run.sh --demo</c> started again on storage a finished demo left behind (the host killed after "Demo
/// færdig", then started again, as a person would). Each demo run plans only its own year on fresh tables and its
/// own task hub (Program.cs's table prefix per run), and its clock stops once its cycle is done
/// (<c>DemoClockRelease</c>): so the first run's finished cycle is never touched again, no next year opens in
/// either run, and the second run sends nothing once it is done, though its host keeps running. The host runs as
/// its own process on an Azurite of the test's own that outlives both runs.
/// </summary>
public class DemoRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_demo_started_again_after_its_cycle_is_done_opens_no_next_year_and_its_clock_stays_stopped()
    {
        await using var azurite = await AzuriteProcess.StartAsync(null, TimeSpan.FromSeconds(60));
        var folder = Path.Combine(Path.GetTempPath(), "fremdrift-demo-restart-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            using (var first = await DemoHost.StartAsync(azurite, folder, output))
            {
                await first.Done.Task.WaitAsync(Patience);
                first.Kill();
            }

            var afterFirst = await ReadAsync(azurite);
            var firstPrefix = Assert.Single(afterFirst.Keys);
            var year = Assert.Single(afterFirst[firstPrefix].Cycles).Year;
            Assert.All(afterFirst[firstPrefix].Cycles, c => Assert.Equal(CycleState.Closed, c.State));

            using (var second = await DemoHost.StartAsync(azurite, folder, output))
            {
                await second.Done.Task.WaitAsync(Patience);
                var done = await ReadAsync(azurite);

                // 20 s of real time is about 50 days on the demo's clock (216,000 times real time), were it running.
                await Task.Delay(TimeSpan.FromSeconds(20));
                var later = await ReadAsync(azurite);
                Assert.False(second.Exited, "The second demo's host stopped by itself.");
                second.Kill();

                Assert.Equal(2, later.Count);
                Assert.Equal(afterFirst[firstPrefix], later[firstPrefix]);
                var secondPrefix = Assert.Single(later.Keys, k => k != firstPrefix);
                Assert.Equal(done[secondPrefix], later[secondPrefix]);
                foreach (var state in later.Values)
                {
                    var cycle = Assert.Single(state.Cycles);
                    Assert.Equal((year, CycleState.Closed), (cycle.Year, cycle.State));
                    Assert.True(state.SendLogRows > 29, $"only {state.SendLogRows} send-log rows: the demo did not run its cycle");
                }

                output.WriteLine($"first {firstPrefix}: {afterFirst[firstPrefix]}; second {secondPrefix}: {later[secondPrefix]}");
            }
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>What one demo run's tables hold: its cycles, and its send-log rows over those years and the next.</summary>
    private sealed record DemoState(IReadOnlyList<(int Year, CycleState State)> Cycles, int SendLogRows)
    {
        public bool Equals(DemoState? other) => other is not null && Cycles.SequenceEqual(other.Cycles) && SendLogRows == other.SendLogRows;

        public override int GetHashCode() => SendLogRows;

        public override string ToString() => $"{string.Join(", ", Cycles.Select(c => $"{c.Year} {c.State}"))}, {SendLogRows} send-log rows";
    }

    /// <summary>Every demo run's state, by table prefix (the demo's tables are "demo" + a time stamp + the table's name).</summary>
    private static async Task<Dictionary<string, DemoState>> ReadAsync(AzuriteProcess azurite)
    {
        var result = new Dictionary<string, DemoState>();
        await foreach (var table in new TableServiceClient(azurite.ConnectionString).QueryAsync())
        {
            if (!table.Name.StartsWith("demo", StringComparison.Ordinal) || !table.Name.EndsWith("Cycles", StringComparison.Ordinal))
            {
                continue;
            }

            var prefix = table.Name[..^"Cycles".Length];
            var clients = TestAzurite.Clients(new StorageOptions { ConnectionString = azurite.ConnectionString, TablePrefix = prefix, Retry = StorageRetryOptions.Azurite });
            var cycles = (await new CycleRepository(clients).ListAsync()).Select(c => (c.Year, c.State)).OrderBy(c => c.Year).ToList();
            var rows = 0;
            foreach (var year in cycles.Select(c => c.Year).SelectMany(y => new[] { y, y + 1 }).Distinct())
            {
                rows += (await new SendLogRepository(clients).ListAsync(year)).Count;
            }

            result[prefix] = new DemoState(cycles, rows);
        }

        return result;
    }

    /// <summary>The built local host as its own process with <c>--demo</c>, on the given Azurite.</summary>
    private sealed class DemoHost : IDisposable
    {
        private readonly Process _process;

        private DemoHost(Process process) => _process = process;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Exited => _process.HasExited;

        public static Task<DemoHost> StartAsync(AzuriteProcess azurite, string folder, ITestOutputHelper output)
        {
            var dll = Path.Combine(AzuriteProcess.RepositoryRoot(), "src", "DevServer", "bin", "Release", "net10.0", "Fremdrift.DevServer.dll");
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(dll);
            info.ArgumentList.Add("--demo");
            info.Environment["urls"] = "http://127.0.0.1:0";
            info.Environment["DevServer__DataFolder"] = folder;
            info.Environment["DevServer__EmbeddedAzurite"] = "false";
            info.Environment["DevServer__SecretariatPassword"] = TestDevServer.SecretariatPassword;
            info.Environment["Storage__ConnectionString"] = azurite.ConnectionString;
            var host = new DemoHost(new Process { StartInfo = info });
            void Collect(string? line)
            {
                if (line is null)
                {
                    return;
                }

                output.WriteLine(line);
                if (line.StartsWith("Demo færdig", StringComparison.Ordinal))
                {
                    host.Done.TrySetResult();
                }
            }

            host._process.OutputDataReceived += (_, e) => Collect(e.Data);
            host._process.ErrorDataReceived += (_, e) => Collect(e.Data);
            host._process.Start();
            host._process.BeginOutputReadLine();
            host._process.BeginErrorReadLine();
            return Task.FromResult(host);
        }

        /// <summary>SIGKILL, and wait for it to go.</summary>
        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(30_000);
            }
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }
    }
}
