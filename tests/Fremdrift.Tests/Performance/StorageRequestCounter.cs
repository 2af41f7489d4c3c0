using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;

namespace Fremdrift.Tests.Performance;

/// <summary>
/// Counts the storage requests the Azure SDK sends for one test's tables and container, from the SDK's own
/// request events ("Azure-Core" event source): every attempt of every client, whichever way the app builds its
/// clients. Tests share one Azurite, so a request counts only when its address names this test's table prefix
/// or document container, or is a transaction ("$batch", whose address names no table). A transaction of any
/// other host in the test process would count too (the tests that use this run in a collection of their own,
/// but a host of an earlier test can still be at work), so a test whose hosts reach their tables through an
/// endpoint of their own (a <see cref="TableByteMeter"/>'s port) names it: then only table requests to that
/// endpoint count, and the others are listed apart when a count is off. Bytes are measured by
/// <see cref="TableByteMeter"/>: Azurite answers queries chunked, so the request log cannot tell their size.
/// </summary>
internal sealed class StorageRequestCounter : EventListener
{
    private readonly ConcurrentQueue<(string Request, string Origin)> _requests = new();
    private readonly ConcurrentQueue<string> _retries = new();
    private readonly ConcurrentQueue<string> _others = new();
    private readonly string[] _markers;
    private readonly string? _tableEndpoint;

    /// <param name="tablePrefix">This test's table prefix.</param>
    /// <param name="documentContainer">This test's document container, when its blob requests count too.</param>
    /// <param name="tableEndpoint">
    /// The table endpoint only this test's hosts use (e.g. "http://127.0.0.1:41234/"), or null: a table request, a
    /// transaction included, then counts only when it goes there.
    /// </param>
    public StorageRequestCounter(string tablePrefix, string? documentContainer = null, string? tableEndpoint = null)
    {
        _markers = documentContainer is null ? ["/" + tablePrefix] : ["/" + tablePrefix, "/" + documentContainer];
        _tableEndpoint = tableEndpoint;
    }

    /// <summary>The counted requests as "METHOD address" (the SDK's redacted form), oldest first.</summary>
    public IReadOnlyList<string> Requests => _requests.Select(r => r.Request).ToList();

    public int Count => _requests.Count;

    /// <summary>
    /// Fails with the counted requests listed, each with the app's method that sent it (none: a retry, or not the
    /// app), the SDK's retries (which count as requests too) and the transactions of other endpoints left out, so a
    /// count that is off on a busy machine says which request was extra and where it came from.
    /// </summary>
    public void AssertCount(int expected) => AssertCount(expected, expected);

    /// <inheritdoc cref="AssertCount(int)"/>
    public void AssertCount(int least, int most) =>
        Xunit.Assert.True(Count >= least && Count <= most, $"{Count} storage requests, expected {least}–{most}:\n"
            + string.Join('\n', _requests.Select(r => r.Request + "  (" + r.Origin + ")"))
            + (_retries.IsEmpty ? "" : "\nretries: " + string.Join(", ", _retries))
            + (_others.IsEmpty ? "" : "\nnot counted (other hosts' transactions):\n" + string.Join('\n', _others)));

    /// <summary>Requests to one table (its name without prefix), e.g. "Responses".</summary>
    public int To(string table) => _requests.Count(r => r.Request.Contains(_markers[0] + table, StringComparison.Ordinal));

    public void Reset()
    {
        _requests.Clear();
        _retries.Clear();
        _others.Clear();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        // Called from the base constructor too, before this class's constructor body has run.
        if (eventSource.Name == "Azure-Core")
        {
            EnableEvents(eventSource, EventLevel.Informational);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        // Events can arrive while the base constructor runs, before the markers are set.
        if (e.PayloadNames is null || e.Payload is null || _markers is null)
        {
            return;
        }

        if (e.EventName == "Request" && Payload(e, "uri") is string uri && Payload(e, "method") is string method
            && (_markers.Any(m => uri.Contains(m, StringComparison.Ordinal)) || uri.Contains("/$batch", StringComparison.Ordinal)))
        {
            var request = method + " " + uri;
            if (_tableEndpoint is not null && !uri.StartsWith(_tableEndpoint, StringComparison.Ordinal)
                && !_markers.Skip(1).Any(m => uri.Contains(m, StringComparison.Ordinal)))
            {
                _others.Enqueue(request + "  (" + Origin() + ")");
                return;
            }

            _requests.Enqueue((request, Origin()));
        }
        else if (e.EventName == "RequestRetrying")
        {
            _retries.Enqueue(string.Join(" ", e.Payload));
        }
    }

    /// <summary>
    /// The innermost method of the app (or of the Durable engine) on the stack that sends the request: the event is
    /// written synchronously on the sending thread, so this names the caller unless the SDK sent it from its retry.
    /// </summary>
    private static string Origin()
    {
        foreach (var frame in new StackTrace(false).GetFrames())
        {
            var method = frame.GetMethod();
            var type = method?.DeclaringType;
            var name = method?.Name;
            if (type?.DeclaringType is not null && type.Name.StartsWith('<'))
            {
                // An async method's state machine ("<SaveFormAsync>d__5.MoveNext"): name the method it runs.
                name = type.Name[1..type.Name.IndexOf('>', StringComparison.Ordinal)];
                type = type.DeclaringType;
            }

            var full = type?.FullName ?? "";
            if ((full.StartsWith("Fremdrift.", StringComparison.Ordinal) || full.StartsWith("DurableTask.", StringComparison.Ordinal))
                && type != typeof(StorageRequestCounter))
            {
                return full + "." + name;
            }
        }

        return "no app frame: the SDK's retry, or not the app";
    }

    private static object? Payload(EventWrittenEventArgs e, string name)
    {
        var index = e.PayloadNames!.IndexOf(name);
        return index >= 0 ? e.Payload![index] : null;
    }
}
