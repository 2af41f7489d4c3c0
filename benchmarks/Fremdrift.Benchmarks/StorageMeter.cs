using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Fremdrift.Benchmarks;

/// <summary>
/// Table requests and answer bytes (Content-Length) for one table prefix, from Azure.Core's request events: every
/// attempt the SDK sends, however the app builds its clients. A transaction's address names no table, so a
/// "$batch" counts when it is sent while the host serves an HTTP request (ASP.NET Core's activity), which keeps
/// the Durable engine's own task-hub batches out.
/// </summary>
internal sealed class StorageMeter : EventListener
{
    private readonly ConcurrentDictionary<string, bool> _ours = new();
    private readonly ActivityListener _activities;
    private readonly string _tablePrefix;
    private long _requests;
    private long _bytes;

    public StorageMeter(string tablePrefix)
    {
        _tablePrefix = tablePrefix;
        _activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(_activities);
    }

    public override void Dispose()
    {
        _activities.Dispose();
        base.Dispose();
    }

    public (long Requests, long Bytes) Snapshot() => (Interlocked.Read(ref _requests), Interlocked.Read(ref _bytes));

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Azure-Core")
        {
            EnableEvents(eventSource, EventLevel.Informational);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.PayloadNames is null || e.Payload is null || _tablePrefix is null)
        {
            return;
        }

        var id = Payload(e, "requestId") as string;
        if (e.EventName == "Request" && Payload(e, "uri") is string uri && id is not null
            && (uri.Contains("/" + _tablePrefix, StringComparison.OrdinalIgnoreCase)
                || (uri.Contains("/$batch", StringComparison.Ordinal) && Activity.Current?.Source.Name == "Microsoft.AspNetCore")))
        {
            _ours[id] = true;
            Interlocked.Increment(ref _requests);
        }
        else if (e.EventName is "Response" or "ErrorResponse" && id is not null && _ours.TryRemove(id, out _) && Payload(e, "headers") is string headers)
        {
            foreach (var line in headers.Split('\n'))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                    && long.TryParse(line[(colon + 1)..].Trim(), CultureInfo.InvariantCulture, out var length))
                {
                    Interlocked.Add(ref _bytes, length);
                }
            }
        }
    }

    private static object? Payload(EventWrittenEventArgs e, string name)
    {
        var index = e.PayloadNames!.IndexOf(name);
        return index >= 0 ? e.Payload![index] : null;
    }
}
