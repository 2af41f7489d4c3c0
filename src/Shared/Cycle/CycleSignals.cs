namespace Fremdrift.Shared.Cycle;

/// <summary>Something happened that the cycle loop should look at now rather than at its next timer.</summary>
public enum CycleSignalKind
{
    AnswerSubmitted,
    SecretariatCommand,

    /// <summary>Someone moved a manual clock (a test's, locally): the loop should look at the new time.</summary>
    ClockMoved,
}

/// <summary>An event for the year's cycle loop (a Durable external event in Azure, an in-process signal locally).</summary>
public sealed record CycleSignal(int Year, CycleSignalKind Kind, int? MunicipalityCode, string? Detail);

/// <summary>Wakes the year's cycle loop. Raising a signal must never fail the caller's own work.</summary>
public interface ICycleSignals
{
    Task RaiseAsync(CycleSignal signal, CancellationToken cancellationToken);
}

/// <summary>Used where no loop listens (e.g. unit tests of the survey).</summary>
internal sealed class NoCycleSignals : ICycleSignals
{
    public Task RaiseAsync(CycleSignal signal, CancellationToken cancellationToken) => Task.CompletedTask;
}
