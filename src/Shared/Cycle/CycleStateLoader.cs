using System.Collections.Concurrent;
using System.Diagnostics;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Cycle;

/// <summary>
/// How the loader keeps the rows it reads between turns (the year's response states and send log, and the
/// directory; see <see cref="CycleStateLoader"/>). Not a configuration section: the defaults are what production
/// runs; tests and the benchmark set them directly.
/// </summary>
public sealed class CycleStatusReadOptions
{
    /// <summary>
    /// How far before the latest Timestamp already seen a changed-rows read starts (server time on both sides), so
    /// that a write whose Timestamp was set before a later write's but that became visible after it is not missed.
    /// </summary>
    public TimeSpan ChangeOverlap { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The whole partition is read again when the last whole read is older than this (real time).</summary>
    public TimeSpan FullReadInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The whole partition is read again after this many changed-rows reads, or after a third as many as the rows
    /// kept when that is more (the jobcentres, for the Responses partition), so whole reads cost O(1) per jobcentre
    /// over a cycle.
    /// </summary>
    public int FullReadEveryTurns { get; set; } = 16;
}

/// <summary>
/// Reads a <see cref="CycleSnapshot"/> from storage: the cycle row, the directory, the year's response states
/// (only the columns the decider looks at, never the answers' text) and send log (one partition query each),
/// and, once closed, whether the final bilag exists.
/// The response states, the send log (per year) and the directory are kept in memory (the loader is a singleton),
/// and most turns read only the rows written since the latest server Timestamp seen, less
/// <see cref="CycleStatusReadOptions.ChangeOverlap"/>: every submit wakes a turn, so reading them all each time made
/// a cycle's reads grow with the square of the jobcentres. None of these rows is deleted except when storage is
/// lost, and an updated row replaces the kept one, so the snapshot equals a whole read's. Each instance keeps its
/// own rows and needs no coordination: what another instance wrote carries a later Timestamp. Everything is read
/// again when nothing is kept, every few minutes, after a partition's worth of changed-rows reads, and at once
/// when the cycle's copy (always in the Responses changed-rows read) has vanished or gone back in time, which is
/// what a wiped or restored table looks like (docs/performance.md).
/// </summary>
public sealed class CycleStateLoader(
    CycleRepository cycles,
    JobcentreRepository directory,
    ResponseRepository responses,
    SendLogRepository sendLog,
    IOptions<CycleOptions> options,
    ICycleDocuments documents,
    IOptions<CycleStatusReadOptions> statusReads)
{
    private readonly ConcurrentDictionary<int, KeptRows<ResponseStatusRow>> _statuses = new();
    private readonly ConcurrentDictionary<int, KeptRows<TimestampedRow<SendLogEntry>>> _sendLogs = new();
    private readonly KeptRows<TimestampedRow<Jobcentre>> _directory = new(r => r.RowKey, r => r.Timestamp, null);

    public async Task<CycleSnapshot> LoadAsync(int year, CancellationToken ct = default)
    {
        var cycle = await cycles.GetAsync(year, ct);
        if (cycle is null)
        {
            return Snapshot(year, null, [], [], [], bilagBuilt: false);
        }

        var jobcentresTask = ReadDirectoryAsync(ct);
        var responsesTask = ReadStatusesAsync(year, ct);
        var logTask = ReadSendLogAsync(year, ct);
        await Task.WhenAll(jobcentresTask, responsesTask, logTask);

        var statuses = await responsesTask;
        if (statuses.CycleMirrorVersion != cycle.Version)
        {
            // The copy that forms read is missing or behind the Cycles row (a write that stopped halfway): mend it,
            // from the row as it is now and only if no other writer has replaced the copy meanwhile.
            await cycles.RepairMirrorAsync(year, statuses.CycleMirrorETag, ct);
        }

        var bilagBuilt = false;
        if (cycle.State == CycleState.Closed)
        {
            bilagBuilt = (await documents.ListAsync(year, ct)).Any(d => d.Kind == DocumentKind.Bilag);
        }

        return Snapshot(year, cycle, await jobcentresTask, statuses.Responses, await logTask, bilagBuilt);
    }

    /// <summary>
    /// Whether the last <see cref="LoadAsync"/> of <paramref name="year"/> read all the response states (true), only the
    /// changed ones (false), or none yet (null). For tests and the benchmark.
    /// </summary>
    public bool? LastStatusReadWasWhole(int year) => _statuses.TryGetValue(year, out var kept) ? kept.LastReadWasWhole : null;

    private async Task<ResponseStatuses> ReadStatusesAsync(int year, CancellationToken ct) =>
        ResponseStatusRow.ToStatuses(await _statuses.GetOrAdd(year, _ => new KeptRows<ResponseStatusRow>(r => r.RowKey, r => r.Timestamp, CycleRepository.MirrorRowKey))
            .ReadAsync(since => responses.ListStatusRowsAsync(year, since, ct), statusReads.Value, ct));

    private async Task<IReadOnlyList<SendLogEntry>> ReadSendLogAsync(int year, CancellationToken ct)
    {
        var rows = await _sendLogs.GetOrAdd(year, _ => new KeptRows<TimestampedRow<SendLogEntry>>(r => r.RowKey, r => r.Timestamp, null))
            .ReadAsync(since => sendLog.ListRowsAsync(year, since, ct), statusReads.Value, ct);

        // As SendLogRepository.ListAsync orders them: by time, rows of the same time in key order.
        return rows.OrderBy(r => r.RowKey, StringComparer.Ordinal).Select(r => r.Value).OrderBy(e => e.At).ToList();
    }

    private async Task<IReadOnlyList<Jobcentre>> ReadDirectoryAsync(CancellationToken ct)
    {
        var rows = await _directory.ReadAsync(since => directory.ListRowsAsync(since, ct), statusReads.Value, ct);
        return rows.Select(r => r.Value).OrderBy(j => j.MunicipalityCode).ToList();
    }

    /// <summary>
    /// One partition's rows as last read by this instance. A read takes in the rows changed since the latest server
    /// Timestamp kept (less the overlap), or reads them all when that is due (see <see cref="CycleStatusReadOptions"/>)
    /// or when the changed rows show that the partition lost rows: the sentinel row (always part of the changed-rows
    /// read) vanished, or a row came back older than the one kept (a restored table).
    /// </summary>
    private sealed class KeptRows<T>(Func<T, string> key, Func<T, DateTimeOffset?> timestamp, string? sentinelKey)
    {
        private readonly Lock _sync = new();
        private Dictionary<string, T> _rows = new(StringComparer.Ordinal);
        private DateTimeOffset? _latest;
        private long _wholeReadAt;
        private int _changedReadsSinceWhole;
        private long _generation;

        public bool? LastReadWasWhole { get; private set; }

        /// <summary>
        /// Reads without holding a lock across storage calls; concurrent readers (a turn and a secretariat command) may
        /// both read. A changed-rows read is taken in only if nothing replaced the rows since it chose its start, so it
        /// always completes the rows it started from; otherwise a whole read follows.
        /// </summary>
        public async Task<IReadOnlyList<T>> ReadAsync(Func<DateTimeOffset?, Task<IReadOnlyList<T>>> read, CycleStatusReadOptions settings, CancellationToken ct)
        {
            DateTimeOffset? since = null;
            long generation;
            lock (_sync)
            {
                generation = _generation;
                if (_latest is { } latest && !WholeReadDue(settings))
                {
                    since = latest - settings.ChangeOverlap;
                }
            }

            if (since is not null)
            {
                var changed = await read(since);
                lock (_sync)
                {
                    if (generation == _generation && TryMerge(changed))
                    {
                        _generation++;
                        LastReadWasWhole = false;
                        return [.. _rows.Values];
                    }
                }
            }

            ct.ThrowIfCancellationRequested();
            var all = await read(null);
            lock (_sync)
            {
                _rows = all.ToDictionary(key, StringComparer.Ordinal);
                _latest = all.Max(timestamp);
                _wholeReadAt = Stopwatch.GetTimestamp();
                _changedReadsSinceWhole = 0;
                _generation++;
                LastReadWasWhole = true;
                return [.. _rows.Values];
            }
        }

        private bool WholeReadDue(CycleStatusReadOptions settings) =>
            Stopwatch.GetElapsedTime(_wholeReadAt) >= settings.FullReadInterval
            || _changedReadsSinceWhole >= Math.Max(settings.FullReadEveryTurns, _rows.Count / 3);

        private bool TryMerge(IReadOnlyList<T> changed)
        {
            if (sentinelKey is not null && _rows.ContainsKey(sentinelKey) && !changed.Any(r => key(r) == sentinelKey))
            {
                return false;
            }

            if (changed.Any(r => _rows.TryGetValue(key(r), out var old) && timestamp(old) > timestamp(r)))
            {
                return false;
            }

            foreach (var row in changed)
            {
                _rows[key(row)] = row;
            }

            var newest = changed.Max(timestamp);
            _latest = newest > _latest ? newest : _latest;
            _changedReadsSinceWhole++;
            return true;
        }
    }

    /// <summary>
    /// The snapshot from data already read (the secretariat's status page reads it together with what it shows).
    /// <paramref name="bilagBuilt"/> is what the caller knows; the decider needs it only after the close.
    /// </summary>
    public CycleSnapshot Snapshot(
        int year,
        FollowUpCycle? cycle,
        IReadOnlyList<Jobcentre> jobcentres,
        IEnumerable<ResponseStatus> responseStatuses,
        IReadOnlyList<SendLogEntry> log,
        bool bilagBuilt)
    {
        // Every host registers the documents services, so the steps after the close can always run.
        const bool postCloseAvailable = true;
        if (cycle is null)
        {
            return new CycleSnapshot(year, null, [], [], postCloseAvailable, false, options.Value.DeferredRetryAfter);
        }

        var byCode = responseStatuses.ToDictionary(r => r.MunicipalityCode);
        var mails = log.ToLookup(e => e.MunicipalityCode, e => new MailRecord(e.Step, e.Status, e.At, e.Reason));
        var states = jobcentres.Select(j =>
        {
            byCode.TryGetValue(j.MunicipalityCode, out var response);
            return new JobcentreCycleState(
                j.MunicipalityCode,
                j.Name,
                j.Active,
                j.HasAddress,
                j.IsMailBlocked,
                response?.State ?? ResponseState.NotOpened,
                response?.IsSubmitted ?? false,
                mails[j.MunicipalityCode].ToList()) { SubmissionId = response is { IsSubmitted: true } ? response.LastSubmissionId : null };
        }).ToList();

        return new CycleSnapshot(year, cycle, states, mails[0].ToList(), postCloseAvailable, bilagBuilt, options.Value.DeferredRetryAfter);
    }
}
