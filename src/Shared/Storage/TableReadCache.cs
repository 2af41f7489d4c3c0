using System.Collections.Concurrent;
using System.Diagnostics;

namespace Fremdrift.Shared.Storage;

/// <summary>
/// In-process copies of rows that change rarely or never (a catalogue snapshot, the directory, the list of
/// cycles, a link's target), so that a form view does not read them on every request. The cache belongs to the
/// table (keyed by its address), not to one repository object: any writer in the process drops what it
/// changed, whichever service graph it lives in. Another app instance cannot drop this one's copy, so every
/// entry that can change has a short lifetime; docs/performance.md says per entry why that is safe.
/// Time is the monotonic tick count: a cache's age is real elapsed time, never the app's (possibly fake) clock.
/// </summary>
internal static class TableReadCache
{
    /// <summary>How long a copy of a row that can change (directory, cycle list) is used before it is read again.</summary>
    public static readonly TimeSpan ChangeableLifetime = TimeSpan.FromSeconds(30);

    /// <summary>Bound on the number of entries, so that a flood of distinct keys cannot grow memory without limit.</summary>
    private const int MaxEntries = 20_000;

    private static readonly ConcurrentDictionary<string, Entry> Entries = new(StringComparer.Ordinal);

    private sealed record Entry(object Value, long ExpiresAt);

    public static bool TryGet<T>(string key, out T value)
        where T : class
    {
        if (Entries.TryGetValue(key, out var entry) && entry.ExpiresAt > Stopwatch.GetTimestamp() && entry.Value is T typed)
        {
            value = typed;
            return true;
        }

        value = null!;
        return false;
    }

    /// <summary>Keeps <paramref name="value"/> for <paramref name="lifetime"/> (null: for the life of the process).</summary>
    public static void Set(string key, object value, TimeSpan? lifetime)
    {
        if (Entries.Count >= MaxEntries)
        {
            Entries.Clear();
        }

        var expiresAt = lifetime is { } l ? Stopwatch.GetTimestamp() + (long)(l.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        Entries[key] = new Entry(value, expiresAt);
    }

    /// <summary>
    /// The cached value, or the result of <paramref name="read"/>, kept for <paramref name="lifetime"/>. Callers
    /// that miss at the same moment share one read (a burst of 145 submits must not read the directory 145 times);
    /// a failed read or a null result is not kept.
    /// </summary>
    public static async Task<T?> GetOrReadAsync<T>(string key, Func<Task<T?>> read, TimeSpan? lifetime)
        where T : class
    {
        if (TryGet<Task<T?>>(key, out var pending))
        {
            try
            {
                var shared = await pending;
                if (shared is not null)
                {
                    return shared;
                }
            }
            catch (Exception e) when (e is Azure.RequestFailedException or StorageUnavailableException or OperationCanceledException)
            {
                // The shared read failed; this caller reads for itself below.
            }
        }

        var task = read();
        Set(key, task, lifetime);
        try
        {
            var value = await task;
            if (value is null)
            {
                RemoveIf(key, task);
            }

            return value;
        }
        catch
        {
            RemoveIf(key, task);
            throw;
        }
    }

    private static void RemoveIf(string key, object value)
    {
        if (Entries.TryGetValue(key, out var entry) && ReferenceEquals(entry.Value, value))
        {
            Entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }
    }

    public static void Remove(string key) => Entries.TryRemove(key, out _);

    /// <summary>The cache key of <paramref name="part"/> of the table at <paramref name="tableUri"/>.</summary>
    public static string Key(Uri tableUri, string part) => tableUri.AbsoluteUri + "|" + part;
}
