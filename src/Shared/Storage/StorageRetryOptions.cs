using System.ComponentModel.DataAnnotations;

namespace Fremdrift.Shared.Storage;

/// <summary>
/// The storage clients' retries (<c>Storage__Retry__*</c>). The defaults suit Azure Storage, which throttles with 503
/// and recovers within seconds to a minute: the SDK's own count and exponential back-off, a network timeout well
/// inside a Functions HTTP request. The local host and the tests talk to Azurite on the same machine, where a refused
/// connection means Azurite is down, so they use <see cref="Azurite"/>: fail within a few seconds, with the Danish
/// message that names the setting.
/// </summary>
public sealed class StorageRetryOptions
{
    /// <summary>The values for Azurite on the same machine (the local host and the tests set these).</summary>
    public static StorageRetryOptions Azurite => new()
    {
        MaxRetries = 2,
        Delay = TimeSpan.FromMilliseconds(200),
        MaxDelay = TimeSpan.FromSeconds(2),
        NetworkTimeout = TimeSpan.FromSeconds(15),
    };

    /// <summary>Retries after the first attempt.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first back-off; it doubles on each retry (with jitter), up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(0.8);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may take.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Copies these values onto an Azure SDK client's retry options.</summary>
    public void ApplyTo(Azure.Core.RetryOptions retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        retry.Mode = Azure.Core.RetryMode.Exponential;
        retry.MaxRetries = MaxRetries;
        retry.Delay = Delay;
        retry.MaxDelay = MaxDelay;
        retry.NetworkTimeout = NetworkTimeout;
    }
}
