using System.Diagnostics;
using System.Globalization;

namespace Fremdrift.DevServer.Azurite;

/// <summary>
/// Starts a helper program (Azurite, Prism) that must not outlive this process. A small shell watchdog runs the
/// program and ends it within a second of this process going away, however it goes (a test host that exits
/// without running ProcessExit handlers, a killed local host). Killing the returned process tree ends both.
/// </summary>
internal static class OwnedProcess
{
    // Parent liveness is read from our own parent pid: a killed parent can linger as a zombie (kill -0 still
    // succeeds), but its orphaned children are re-parented at once.
    // Stopping waits for the child: Azurite answers SIGTERM with a graceful close that can hang on open
    // connections, and a watchdog that exited right after "kill" left it running, re-parented to PID 1 (Ctrl+C
    // on scripts/run.sh). So: TERM, up to 3 s for it to go, then KILL, and only then exit.
    private const string Watchdog =
        "parent=$1; shift; \"$@\" & child=$!; " +
        "stop() { kill $child 2>/dev/null; i=0; while kill -0 $child 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i+1)); done; " +
        "kill -9 $child 2>/dev/null; wait $child 2>/dev/null; exit 0; }; " +
        "trap stop TERM INT HUP; " +
        "alive() { if [ -r /proc/$$/stat ]; then [ \"$(cut -d' ' -f4 /proc/$$/stat)\" = \"$parent\" ]; else kill -0 \"$parent\" 2>/dev/null; fi; }; " +
        "while alive && kill -0 \"$child\" 2>/dev/null; do sleep 1; done; " +
        "stop";

    public static ProcessStartInfo StartInfo(string executable, IEnumerable<string> arguments)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            var direct = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in arguments)
            {
                direct.ArgumentList.Add(a);
            }

            return direct;
        }

        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Watchdog);
        info.ArgumentList.Add("fremdrift-watchdog");
        info.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(executable);
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }
}
