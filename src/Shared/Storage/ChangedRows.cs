namespace Fremdrift.Shared.Storage;

/// <summary>
/// A row read with its server-set Timestamp, for a reader that keeps a partition in memory and afterwards asks only
/// for the rows written since the latest Timestamp it saw (the cycle's loader, see CycleStateLoader).
/// </summary>
public sealed record TimestampedRow<T>(string RowKey, DateTimeOffset? Timestamp, T Value);
