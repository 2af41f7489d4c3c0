using System.Net.Sockets;
using Azure;
using Fremdrift.Shared.Storage;

namespace Fremdrift.Shared.Cycle;

/// <summary>
/// Marks a failure that may pass if the same activity runs again (storage throttled or out, a dropped connection, a
/// writer that got there first). The orchestrator's retry policy retries only this (<see cref="FollowUpCycleLoop"/>),
/// as keyvault-acmebot's <c>HandleFailure</c> does with its own marker: a plain bug fails once and is logged, instead
/// of running five times.
/// </summary>
internal sealed class TransientFailureException(string message, Exception inner) : Exception(message, inner);

/// <summary>Turns the exceptions that are transient into <see cref="TransientFailureException"/> at an activity's edge.</summary>
internal static class TransientFailure
{
    /// <summary>
    /// True for what a later attempt can cure: storage unreachable or failing (<see cref="StorageUnavailableException"/>,
    /// 408, 429, 5xx), a conflicting writer, a network or I/O error, a timeout. False for everything else (a bug, an
    /// invalid action, a 4xx refusal), which would fail the same way again.
    /// </summary>
    public static bool IsTransient(Exception e) => e switch
    {
        TransientFailureException or StorageUnavailableException or ConcurrencyConflictException => true,
        RequestFailedException r => r.Status is 0 or 408 or 429 or >= 500,
        HttpRequestException or IOException or SocketException or TimeoutException => true,
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(IsTransient),
        _ => false,
    };

    /// <summary>Runs an activity's work; a transient failure leaves it wrapped in the marker, anything else as it is.</summary>
    public static async Task<T> MarkAsync<T>(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            return await work();
        }
        catch (Exception e) when (e is not TransientFailureException && e is not OperationCanceledException && IsTransient(e))
        {
            throw new TransientFailureException(e.Message, e);
        }
    }
}
