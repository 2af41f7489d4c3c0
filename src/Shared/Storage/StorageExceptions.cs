namespace Fremdrift.Shared.Storage;

/// <summary>Someone else changed the row since it was read (ETag mismatch) or created it first.</summary>
public sealed class ConcurrencyConflictException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Storage could not be reached or failed; the message names the endpoint and the setting, never a key.</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
