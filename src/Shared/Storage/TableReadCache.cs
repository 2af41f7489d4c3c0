using System.Collections.Concurrent;

namespace Fremdrift.Shared.Storage;

/// <summary>
/// In-process copies of rows that never change once written: a catalogue snapshot and a link's index row. Nothing
/// that can change is kept here (the directory, the cycles and the responses are read every time), so no app
/// instance can show another's stale copy; docs/performance.md says per entry why it cannot change. One per
/// <see cref="StorageClients"/> (a host's storage), so a second host in the same process starts cold, as a second
/// app instance does.
/// </summary>
internal sealed class TableReadCache
{
    /// <summary>Bound on the number of entries, so that a flood of distinct keys cannot grow memory without limit.</summary>
    private const int MaxEntries = 20_000;

    private readonly ConcurrentDictionary<string, object> _entries = new(StringComparer.Ordinal);

    public bool TryGet<T>(string key, out T value)
        where T : class
    {
        if (_entries.TryGetValue(key, out var entry) && entry is T typed)
        {
            value = typed;
            return true;
        }

        value = null!;
        return false;
    }

    public void Set(string key, object value)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = value;
    }

    /// <summary>
    /// The kept value, or the result of <paramref name="read"/>, kept for the life of the process. Callers that miss
    /// at the same moment share one read (a burst of 145 submits on a cold instance must not read the catalogue 145
    /// times); a failed read or a null result is not kept.
    /// </summary>
    public async Task<T?> GetOrReadAsync<T>(string key, Func<Task<T?>> read)
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
        Set(key, task);
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

    private void RemoveIf(string key, object value)
    {
        if (_entries.TryGetValue(key, out var entry) && ReferenceEquals(entry, value))
        {
            _entries.TryRemove(new KeyValuePair<string, object>(key, entry));
        }
    }

    public void Remove(string key) => _entries.TryRemove(key, out _);

    /// <summary>The cache key of <paramref name="part"/> of the table at <paramref name="tableUri"/>.</summary>
    public static string Key(Uri tableUri, string part) => tableUri.AbsoluteUri + "|" + part;
}
