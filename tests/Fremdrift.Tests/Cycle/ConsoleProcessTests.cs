using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Fremdrift.DevServer.Azurite;

namespace Fremdrift.Tests.Cycle;

/// <summary>
/// The local host as a person runs it (the built DevServer as its own process, with its embedded Azurite): what the
/// console shows at the default log level is Danish (no "Now listening on", no English information logs with
/// invariant dates), the sign-in line ends the start-up lines, and Ctrl+C (SIGINT) ends it with exit code 0 or 130
/// and leaves no Azurite running.
/// </summary>
public partial class ConsoleProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_console_is_Danish_and_Ctrl_C_ends_cleanly_without_leaving_Azurite(bool demo)
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), "fremdrift-console-" + Guid.NewGuid().ToString("N")[..8]);
        var dll = Path.Combine(AzuriteProcess.RepositoryRoot(), "src", "DevServer", "bin", "Release", "net10.0", "Fremdrift.DevServer.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        if (demo)
        {
            info.ArgumentList.Add("--demo");
        }

        info.Environment["urls"] = "http://127.0.0.1:0";
        info.Environment["DevServer__DataFolder"] = dataFolder;
        info.Environment.Remove("Logging__LogLevel__Default");
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        info.Environment.Remove("DOTNET_ENVIRONMENT");

        var lines = new List<string>();
        var signedIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var demoLines = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var beforeInterrupt = 0;
        using var process = new Process { StartInfo = info };
        void Collect(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(line);
                if (line.StartsWith("Log ind på", StringComparison.Ordinal))
                {
                    signedIn.TrySetResult();
                }

                if (lines.Count(l => l.StartsWith('[')) >= 3)
                {
                    demoLines.TrySetResult();
                }
            }
        }

        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await signedIn.Task.WaitAsync(Patience);
            if (demo)
            {
                // Interrupted in the middle of the demo's cycle, where the loop, the clock and the mails are busy.
                await demoLines.Task.WaitAsync(Patience);
            }

            Assert.True(Azurites(dataFolder).Count > 0, "no Azurite of this host was found running");
            lock (lines)
            {
                beforeInterrupt = lines.Count;
            }

            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(Patience);
            process.WaitForExit();
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        List<string> shown;
        lock (lines)
        {
            shown = [.. lines];
        }

        var output = string.Join('\n', shown);
        Assert.True(process.ExitCode is 0 or 130, $"exit code {process.ExitCode}:\n{output}");
        // No information logs (the host's "Now listening on", the app's English lines with invariant dates) and no
        // crash while stopping; a warning may show (the loop's own are Danish), as may a transient one on a busy machine.
        Assert.DoesNotContain(shown, l => l.Contains("Now listening", StringComparison.Ordinal) || InfoPrefix().IsMatch(l));
        Assert.DoesNotContain(shown, l => UsDate().IsMatch(l));
        Assert.DoesNotContain(shown, l => l.Contains("Unhandled exception", StringComparison.Ordinal) || l.Contains("NullReferenceException", StringComparison.Ordinal));
        // The start-up lines end with the one to act on: where and how to sign in.
        // (A warning may arrive at any moment, so its lines — "warn: category" and the indented message — are not counted.)
        // What stopping prints comes after the interrupt and is judged above, not here.
        var startup = shown.Take(beforeInterrupt).Where(l => !l.StartsWith('[') && !l.StartsWith("Demo", StringComparison.Ordinal)
            && !l.StartsWith("warn:", StringComparison.Ordinal) && !l.StartsWith(' ')).ToList();
        Assert.StartsWith("Log ind på http://127.0.0.1:", startup[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(":0/", startup[^1], StringComparison.Ordinal);

        // Azurite goes with the host (its watchdog gives it up to 3 s to stop, then kills it).
        var until = DateTime.UtcNow.AddSeconds(15);
        while (Azurites(dataFolder).Count > 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(200);
        }

        Assert.Empty(Azurites(dataFolder));
        try
        {
            Directory.Delete(dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Processes whose command line names this run's data folder (Azurite and its watchdog).</summary>
    private static List<int> Azurites(string dataFolder)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(dataFolder, StringComparison.Ordinal) && commandLine.Contains("azurite", StringComparison.OrdinalIgnoreCase))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>The console logger's prefix of an information, debug or trace line.</summary>
    [GeneratedRegex(@"^\s*(info|dbug|trce): ")]
    private static partial Regex InfoPrefix();

    /// <summary>A date written the invariant (US) way, 01/06/2027.</summary>
    [GeneratedRegex(@"\b\d{2}/\d{2}/\d{4}\b")]
    private static partial Regex UsDate();
}
