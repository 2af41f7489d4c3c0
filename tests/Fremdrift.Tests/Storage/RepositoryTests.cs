using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Infrastructure;

namespace Fremdrift.Tests.Storage;

public class RepositoryTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 15, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Two_writers_to_the_same_response_the_second_gets_a_conflict_and_nothing_is_overwritten()
    {
        var responses = new ResponseRepository(await TestAzurite.FreshClientsAsync());
        var created = await responses.SaveAsync(null, SurveyResponse.New(2027, 101) with { State = ResponseState.Draft, OpenedAt = Now });

        var tabA = await responses.GetAsync(2027, 101);
        var tabB = await responses.GetAsync(2027, 101);
        var savedA = await responses.SaveAsync(tabA, tabA! with { State = ResponseState.Draft, Draft = [new Answer("V1", Rating.Groen, "Fra fane A")] });

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            responses.SaveAsync(tabB, tabB! with { State = ResponseState.Draft, Draft = [new Answer("V1", Rating.Roed, "Fra fane B")] }));

        var stored = await responses.GetAsync(2027, 101);
        Assert.Equal("Fra fane A", Assert.Single(stored!.Draft).Remark);
        Assert.Equal(savedA.Version, stored.Version);
        Assert.NotEqual(created.Version, stored.Version);
    }

    [Fact]
    public async Task Creating_a_response_twice_is_a_conflict()
    {
        var responses = new ResponseRepository(await TestAzurite.FreshClientsAsync());
        await responses.SaveAsync(null, SurveyResponse.New(2027, 147));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => responses.SaveAsync(null, SurveyResponse.New(2027, 147)));
    }

    [Fact]
    public async Task Answers_round_trip_with_danish_letters_markup_and_4000_character_remarks()
    {
        var responses = new ResponseRepository(await TestAzurite.FreshClientsAsync());
        var longRemark = string.Concat(Enumerable.Repeat("æøå ÆØÅ <script>alert(1)</script> ", 120))[..4000];
        var answers = CatalogueFile.LoadBuiltIn().AllRecommendations
            .Select((r, i) => new Answer(r.Id, (Rating)(i % 4), longRemark))
            .ToList();

        var saved = await responses.SaveAsync(null, SurveyResponse.New(2027, 151) with
        {
            State = ResponseState.Submitted,
            Draft = answers,
            Submitted = answers,
            SubmittedAt = Now,
            SubmittedBy = "Jobcenterchef Ærø",
        });
        var stored = await responses.GetAsync(2027, 151);

        Assert.Equal(answers, stored!.Submitted);
        Assert.Equal(answers, stored.Draft);
        Assert.Equal("Jobcenterchef Ærø", stored.SubmittedBy);
        Assert.Equal(saved.Version, stored.Version);
    }

    [Fact]
    public async Task List_returns_every_response_of_the_year_only()
    {
        var responses = new ResponseRepository(await TestAzurite.FreshClientsAsync());
        await responses.SaveAsync(null, SurveyResponse.New(2027, 101));
        await responses.SaveAsync(null, SurveyResponse.New(2027, 400));
        await responses.SaveAsync(null, SurveyResponse.New(2028, 101));

        var list = await responses.ListAsync(2027);

        Assert.Equal([101, 400], list.Select(r => r.MunicipalityCode));
    }

    [Fact]
    public async Task Cycle_update_with_a_stale_version_is_a_conflict()
    {
        var cycles = new CycleRepository(await TestAzurite.FreshClientsAsync());
        var cycle = await cycles.CreateAsync(new FollowUpCycle(2027, 2027, Now, Now.AddDays(50), ReminderPlan.Default, true, CycleState.Planned, null, null, ""));

        var moved = await cycles.UpdateAsync(cycle with { Deadline = Now.AddDays(40) });
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => cycles.UpdateAsync(cycle with { State = CycleState.Closed }));

        var stored = await cycles.GetAsync(2027);
        Assert.Equal(Now.AddDays(40), stored!.Deadline);
        Assert.Equal(CycleState.Planned, stored.State);
        Assert.Equal(moved.Version, stored.Version);
        Assert.Equal(ReminderPlan.Default.DaysBeforeDeadline, stored.Reminders.DaysBeforeDeadline);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => cycles.CreateAsync(cycle));
    }

    [Fact]
    public async Task Catalogue_snapshot_is_stored_once_and_read_back_in_form_order()
    {
        var catalogues = new CatalogueRepository(await TestAzurite.FreshClientsAsync());
        var catalogue2027 = CatalogueFile.LoadBuiltIn().ForYear(2027);

        await catalogues.SaveIfMissingAsync(catalogue2027);
        var adjusted = catalogue2027 with { Title = "Justerede anbefalinger" };
        var second = await catalogues.SaveIfMissingAsync(adjusted);

        Assert.Equal(catalogue2027.Title, second.Title);
        var stored = await catalogues.GetAsync(2027);
        Assert.Equal(catalogue2027.AllRecommendations, stored!.AllRecommendations);
        Assert.Equal(catalogue2027.Areas.Select(a => (a.Id, a.Title, a.Intro)), stored.Areas.Select(a => (a.Id, a.Title, a.Intro)));
        Assert.Null(await catalogues.GetAsync(2026));
    }

    [Fact]
    public async Task Directory_is_seeded_once_and_updates_need_the_current_version()
    {
        var directory = new JobcentreRepository(await TestAzurite.FreshClientsAsync());

        Assert.Equal(29, await directory.SeedIfEmptyAsync(MunicipalityFile.LoadBuiltInDirectory()));
        Assert.Equal(0, await directory.SeedIfEmptyAsync(MunicipalityFile.LoadBuiltInDirectory()));

        var stored = (await directory.GetAsync(400))!;
        await directory.UpdateAsync(stored.Jobcentre with { ChiefEmail = "chef@bornholm.example" }, stored.Version);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            directory.UpdateAsync(stored.Jobcentre with { ChiefName = "Anden" }, stored.Version));
        Assert.Equal("chef@bornholm.example", (await directory.GetAsync(400))!.Jobcentre.ChiefEmail);
    }

    [Fact]
    public async Task Send_log_claim_is_granted_once_per_key()
    {
        var log = new SendLogRepository(await TestAzurite.FreshClientsAsync());
        var entry = new SendLogEntry(2027, 101, "invitation", SendStatus.Sending, "a@b.example", null, null, 1, Now);

        var first = await log.TryClaimAsync(entry);
        var second = await log.TryClaimAsync(entry);

        Assert.NotNull(first);
        Assert.Null(second);
        await log.UpdateAsync(first! with { Status = SendStatus.Sent, MessageId = "m1" });
        Assert.Equal(SendStatus.Sent, (await log.GetAsync(2027, 101, "invitation"))!.Status);
    }

    [Fact]
    public async Task Unreachable_storage_gives_a_danish_message_naming_the_endpoint()
    {
        var options = new StorageOptions
        {
            ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;",
            Retry = StorageRetryOptions.Azurite,
        };
        var clients = TestAzurite.Clients(options);

        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() => clients.EnsureCreatedAsync());

        Assert.Contains("http://127.0.0.1:9/devstoreaccount1", e.Message, StringComparison.Ordinal);
        Assert.Contains("Storage__ConnectionString", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_dropped_while_the_answer_is_read_is_an_outage_too()
    {
        var clients = await TestAzurite.FreshClientsAsync();

        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            clients.Guard(() => Task.FromException<int>(new IOException("Transport endpoint is not connected"))));

        Assert.StartsWith("Kan ikke nå lageret", e.Message, StringComparison.Ordinal);
        Assert.IsType<IOException>(e.InnerException);
    }

    [Fact]
    public async Task Audit_log_lists_newest_first()
    {
        var audit = new AuditLogRepository(await TestAzurite.FreshClientsAsync());
        await audit.AppendAsync(new AuditEntry(2027, Now, "sekretariat", "Flyttede svarfrist", "til 1. marts"));
        await audit.AppendAsync(new AuditEntry(2027, Now.AddMinutes(5), "sekretariat", "Lukkede", ""));

        var list = await audit.ListAsync(2027);

        Assert.Equal(["Lukkede", "Flyttede svarfrist"], list.Select(a => a.Action));
    }

    [Fact]
    public async Task Audit_log_gives_the_newest_entries_of_a_long_year_in_order()
    {
        var audit = new AuditLogRepository(await TestAzurite.FreshClientsAsync());
        for (var i = 0; i < 60; i++)
        {
            await audit.AppendAsync(new AuditEntry(2027, Now.AddMinutes(i), "sekretariat", $"Handling {i}", ""));
        }

        await audit.AppendAsync(new AuditEntry(2026, Now.AddDays(400), "sekretariat", "Sidste år", ""));

        var newest = await audit.ListAsync(2027, take: 50);

        Assert.Equal(Enumerable.Range(10, 50).Reverse().Select(i => $"Handling {i}"), newest.Select(a => a.Action));
    }
}
