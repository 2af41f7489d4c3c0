using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Survey;

namespace Fremdrift.DevServer.Cycle;

/// <summary>
/// One Danish line per step of the cycle ("[6. jan 08:00] Invitationer sendt: 29/29"), on the console when
/// enabled (the demo) and always kept in memory, so a test or the benchmark can read what happened. The loop's
/// report activity hands it each turn that ran actions; the demo's simulated chiefs write their own lines.
/// </summary>
internal sealed class CycleProgress(bool toConsole) : ICycleTurnObserver
{
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public void Write(DateTimeOffset at, string text)
    {
        var line = $"[{DanishDates.ShortDateAndTime(at)}] {text}";
        lock (_lock)
        {
            _lines.Add(line);
        }

        if (toConsole)
        {
            Console.WriteLine(line);
        }
    }

    /// <summary>Prints the summary of a turn of the loop that ran actions (called by its report activity).</summary>
    public void TurnDone(CycleTurnReport report, DateTimeOffset doneAt)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var line in CycleTurnSummary.Lines(report))
        {
            Write(doneAt, line);
        }
    }
}
