using Polly;

namespace Fremdrift.Shared.Mail;

/// <summary>
/// How a mail provider's HTTP call that failed on the way (no answer) counts, the same for every provider: the
/// resilience handler's timeout or open circuit, an unreachable host, or a timeout not asked for by the caller are
/// worth trying again later; anything else is not this helper's to judge.
/// </summary>
internal static class ProviderCallFailure
{
    /// <summary>A Danish transient result naming <paramref name="provider"/>, or null when <paramref name="e"/> is not such a failure.</summary>
    public static MailSendResult.Transient? AsTransient(Exception e, string provider, CancellationToken cancellationToken) => e switch
    {
        ExecutionRejectedException => new($"{provider} svarede ikke i tide eller fejler lige nu: {e.Message}"),
        HttpRequestException => new($"{provider} kunne ikke nås: {e.Message}"),
        TaskCanceledException when !cancellationToken.IsCancellationRequested => new($"{provider} svarede ikke i tide: {e.Message}"),
        _ => null,
    };
}
