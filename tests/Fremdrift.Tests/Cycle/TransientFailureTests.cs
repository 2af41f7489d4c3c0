using Azure;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Infrastructure;
using Microsoft.DurableTask;

namespace Fremdrift.Tests.Cycle;

/// <summary>
/// Issue 21: the loop retries only what is marked transient. A storage outage, throttling or a dropped connection is
/// marked at the activity's edge and retried; a plain bug, an invalid action or a 4xx refusal is not.
/// </summary>
public class TransientFailureTests
{
    public static TheoryData<Exception, bool> Failures => new()
    {
        { new StorageUnavailableException("Kan ikke nå lageret"), true },
        { new RequestFailedException(503, "Server busy"), true },
        { new RequestFailedException(429, "Too many requests"), true },
        { new RequestFailedException(0, "No answer"), true },
        { new HttpRequestException("Connection refused"), true },
        { new IOException("Transport endpoint is not connected"), true },
        { new ConcurrencyConflictException("Ændret af en anden"), true },
        { new RequestFailedException(400, "Bad request"), false },
        { new RequestFailedException(403, "Forbidden"), false },
        { new KeyNotFoundException("a plain bug"), false },
        { new InvalidOperationException("Unknown action"), false },
        { new ArgumentException("Bad input"), false },
        { new FormatException(), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task An_activitys_failure_is_marked_transient_only_when_a_later_attempt_can_cure_it(Exception thrown, bool transient)
    {
        var caught = await Assert.ThrowsAnyAsync<Exception>(() => TransientFailure.MarkAsync<int>(() => throw thrown));

        Assert.Equal(transient, caught is TransientFailureException);
        Assert.Same(thrown, transient ? caught.InnerException : caught);
        Assert.Equal(transient, FollowUpCycleLoop.IsTransient(Details(caught)));
    }

    [Fact]
    public void The_retry_policy_does_not_retry_a_plain_bug_or_an_invalid_action()
    {
        Assert.False(FollowUpCycleLoop.IsTransient(Details(new KeyNotFoundException("a plain bug"))));
        Assert.False(FollowUpCycleLoop.IsTransient(Details(new IOException("not marked: the activity did not say it was transient"))));
        Assert.True(FollowUpCycleLoop.IsTransient(Details(new TransientFailureException("Kan ikke nå lageret", new IOException()))));
    }

    [Fact]
    public async Task A_load_on_unreachable_storage_is_marked_transient()
    {
        var clients = TestAzurite.Clients(new StorageOptions
        {
            ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;",
            Retry = StorageRetryOptions.Azurite,
        });

        var caught = await Assert.ThrowsAsync<TransientFailureException>(() => TransientFailure.MarkAsync(() => new CycleRepository(clients).GetAsync(2027)));
        Assert.IsType<StorageUnavailableException>(caught.InnerException);
    }

    // As the engine records an activity's failure: the exception's type name, message and stack.
    private static TaskFailureDetails Details(Exception e) => new(e.GetType().FullName!, e.Message, null, null, null);
}
