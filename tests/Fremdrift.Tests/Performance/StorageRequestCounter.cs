using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Fremdrift.Tests.Performance;

/// <summary>
/// Counts the storage requests the Azure SDK sends for one test's tables and container, from the SDK's own
/// request events ("Azure-Core" event source): every attempt of every client, whichever way the app builds its
/// clients. Tests share one Azurite, so a request counts only when its address names this test's table prefix
/// or document container, or is a transaction ("$batch", whose address names no table: so the tests that use
/// this run in a collection of their own, never beside other tests). Bytes are measured by
/// <see cref="TableByteMeter"/>: Azurite answers queries chunked, so the request log cannot tell their size.
/// </summary>
internal sealed class StorageRequestCounter : EventListener
{
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _retries = new();
    private readonly string[] _markers;

    public StorageRequestCounter(string tablePrefix, string? documentContainer = null)
    {
        _markers = documentContainer is null ? ["/" + tablePrefix] : ["/" + tablePrefix, "/" + documentContainer];
    }

    /// <summary>The counted requests as "METHOD address" (the SDK's redacted form), oldest first.</summary>
    public IReadOnlyList<string> Requests => _requests.ToList();

    public int Count => _requests.Count;

    /// <summary>
    /// Fails with the counted requests listed (and the SDK's retries, which count as requests too), so a count that is
    /// off on a busy machine says which request was extra.
    /// </summary>
    public void AssertCount(int expected) => AssertCount(expected, expected);

    /// <inheritdoc cref="AssertCount(int)"/>
    public void AssertCount(int least, int most) =>
        Xunit.Assert.True(Count >= least && Count <= most, $"{Count} storage requests, expected {least}–{most}:\n"
            + string.Join('\n', Requests) + (_retries.IsEmpty ? "" : "\nretries: " + string.Join(", ", _retries)));

    /// <summary>Requests to one table (its name without prefix), e.g. "Responses".</summary>
    public int To(string table) => _requests.Count(r => r.Contains(_markers[0] + table, StringComparison.Ordinal));

    public void Reset()
    {
        _requests.Clear();
        _retries.Clear();
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
            _requests.Enqueue(method + " " + uri);
        }
        else if (e.EventName == "RequestRetrying")
        {
            _retries.Enqueue(string.Join(" ", e.Payload));
        }
    }

    private static object? Payload(EventWrittenEventArgs e, string name)
    {
        var index = e.PayloadNames!.IndexOf(name);
        return index >= 0 ? e.Payload![index] : null;
    }
}
