using System.Text.Json;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fremdrift.Tests.Performance;

/// <summary>
/// The loop's loader keeps the year's response states between turns and reads only the rows changed since the
/// latest server Timestamp it saw (issue 10: a cycle's reads linear in the jobcentres). On real Azurite, through
/// the byte meter: a changed-rows turn reads the changed rows, not the partition; two loaders (two app instances)
/// reading between submits and drafts from both always hold what a whole read gives; a wiped table is noticed.
/// </summary>
public sealed class IncrementalStatusReadTests : IAsyncLifetime
{
    private const int Year = 2027;
    private static readonly int[] Codes = Enumerable.Range(101, 29).ToArray();
    private TableByteMeter _meter = null!;
    private StorageClients _clients = null!;
    private CycleRepository _cycles = null!;
    private JobcentreRepository _directory = null!;
    private ResponseRepository _responses = null!;
    private SendLogRepository _sendLog = null!;
    private CycleDocuments _documents = null!;

    public async Task InitializeAsync()
    {
        _meter = TableByteMeter.Start(await Infrastructure.TestAzurite.GetAsync());
        _clients = new ServiceCollection()
            .AddSingleton(Options.Create(new StorageOptions
            {
                ConnectionString = _meter.ConnectionString,
                TablePrefix = "inc" + Guid.NewGuid().ToString("N")[..8],
                DocumentContainer = "inc" + Guid.NewGuid().ToString("N")[..8],
            }))
            .AddFremdriftStorageClients()
            .BuildServiceProvider()
            .GetRequiredService<StorageClients>();
        await _clients.EnsureCreatedAsync();
        _cycles = new CycleRepository(_clients);
        _directory = new JobcentreRepository(_clients);
        _responses = new ResponseRepository(_clients);
        _sendLog = new SendLogRepository(_clients);
        var catalogues = new CatalogueRepository(_clients);
        _documents = new CycleDocuments(_clients, _cycles, catalogues, _directory, _responses, TimeProvider.System, NullLogger<CycleDocuments>.Instance);

        var now = DateTimeOffset.UtcNow;
        await _cycles.CreateAsync(new FollowUpCycle(Year, Year, now.AddDays(-10), now.AddDays(20), ReminderPlan.Default, false, CycleState.Open, null, null, ""));
        foreach (var code in Codes)
        {
            await _directory.AddAsync(new Jobcentre(code, $"Kommune {code}", $"Jobcenter {code}", $"Chef {code}", $"chef{code}@kommune.example"));
            await _sendLog.TryClaimAsync(new SendLogEntry(Year, code, MailSteps.Invitation, SendStatus.Sent, $"chef{code}@kommune.example", "m" + code, null, 1, now));
            await _responses.SaveAsync(null, SurveyResponse.New(Year, code) with { State = ResponseState.Opened, OpenedAt = now });
        }
    }

    public async Task DisposeAsync() => await _meter.DisposeAsync();

    [Fact]
    public async Task A_turn_after_one_submit_reads_only_the_changed_rows_not_every_state()
    {
        var loader = Loader(overlap: TimeSpan.Zero);
        await loader.LoadAsync(Year);
        Assert.True(loader.LastStatusReadWasWhole(Year));

        var start = _meter.Bytes;
        await _responses.ListStatusesAsync(Year);
        var wholeStates = _meter.Bytes - start;
        start = _meter.Bytes;
        await _cycles.GetAsync(Year);
        await _directory.ListAsync();
        await _sendLog.ListAsync(Year);
        var rest = _meter.Bytes - start;

        await SubmitAsync(117);
        start = _meter.Bytes;
        var snapshot = await loader.LoadAsync(Year);
        var turnStates = _meter.Bytes - start - rest;

        Assert.False(loader.LastStatusReadWasWhole(Year));
        Assert.True(snapshot.Jobcentres.Single(j => j.MunicipalityCode == 117).Submitted);
        Assert.Equal(28, snapshot.Jobcentres.Count(j => j.ResponseState == ResponseState.Opened));

        // 29 headers and the cycle's copy in the partition; the changed-rows read returns the submit's 3 rows, the
        // cycle's copy and (no overlap) the previous latest write's rows again: under a quarter of the whole read.
        Assert.True(wholeStates > 10_000, $"the whole state read was only {wholeStates} bytes");
        Assert.True(turnStates * 4 < wholeStates, $"the changed-rows turn read {turnStates} bytes of states against {wholeStates} for all states");
    }

    [Fact]
    public async Task Two_instances_reading_between_submits_and_drafts_from_both_always_hold_what_a_whole_read_gives()
    {
        // The most demanding setting (no overlap) and the production one.
        var instances = new[] { Loader(overlap: TimeSpan.Zero), Loader(overlap: TimeSpan.FromMinutes(2)) };
        foreach (var loader in instances)
        {
            await loader.LoadAsync(Year);
        }

        var random = new Random(10);
        var changedReads = 0;
        for (var step = 0; step < 40; step++)
        {
            var code = Codes[random.Next(Codes.Length)];
            switch (random.Next(6))
            {
                case 0:
                    await SubmitAsync(code);
                    break;
                case 1:
                    await SaveDraftAsync(code);
                    break;
                case 2:
                    // Two writes before the next read, the second by "the other instance".
                    await SaveDraftAsync(code);
                    await SubmitAsync(Codes[random.Next(Codes.Length)]);
                    break;
                case 3:
                    // A mail: a new send-log row, then its update (the status the webhook reports).
                    var claimed = await _sendLog.TryClaimAsync(new SendLogEntry(Year, code, MailSteps.Reminder(1 + step), SendStatus.Sent, "chef@kommune.example", "r" + step, null, 1, DateTimeOffset.UtcNow));
                    await _sendLog.UpdateAsync(claimed! with { Status = SendStatus.Failed, Reason = "Afvist" });
                    break;
                case 4:
                    var stored = (await _directory.GetAsync(code))!;
                    await _directory.UpdateAsync(stored.Jobcentre with { ChiefName = "Ny chef " + step }, stored.Version);
                    break;
                default:
                    var cycle = (await _cycles.GetAsync(Year))!;
                    await _cycles.UpdateAsync(cycle with { Deadline = cycle.Deadline.AddHours(1) });
                    break;
            }

            var whole = Json(await Loader(overlap: TimeSpan.Zero).LoadAsync(Year));
            foreach (var loader in instances.Where((_, i) => i == step % 2 || random.Next(3) == 0))
            {
                Assert.Equal(whole, Json(await loader.LoadAsync(Year)));
                changedReads += loader.LastStatusReadWasWhole(Year) == false ? 1 : 0;
            }
        }

        foreach (var loader in instances)
        {
            Assert.Equal(Json(await Loader(overlap: TimeSpan.Zero).LoadAsync(Year)), Json(await loader.LoadAsync(Year)));
        }

        Assert.True(changedReads >= 20, $"only {changedReads} reads were of the changed rows");
    }

    [Fact]
    public async Task A_wiped_responses_table_is_noticed_at_the_next_turn_and_the_cycle_copy_is_mended()
    {
        var loader = Loader(overlap: TimeSpan.Zero);
        await SubmitAsync(101);
        await SubmitAsync(102);
        await loader.LoadAsync(Year);
        await SaveDraftAsync(103);
        var before = await loader.LoadAsync(Year);
        Assert.False(loader.LastStatusReadWasWhole(Year));
        Assert.Equal(2, before.Jobcentres.Count(j => j.Submitted));

        await _clients.Tables.DeleteTableAsync(_clients.Options.TablePrefix + "Responses");
        var after = await loader.LoadAsync(Year);

        Assert.True(loader.LastStatusReadWasWhole(Year));
        Assert.All(after.Jobcentres, j => Assert.Equal((ResponseState.NotOpened, false), (j.ResponseState, j.Submitted)));
        var mended = await _responses.ListStatusesAsync(Year);
        Assert.Equal((await _cycles.GetAsync(Year))!.Version, mended.CycleMirrorVersion);
        Assert.Equal(Json(await Loader(overlap: TimeSpan.Zero).LoadAsync(Year)), Json(await loader.LoadAsync(Year)));
    }

    [Fact]
    public async Task A_whole_read_comes_after_as_many_changed_reads_as_there_are_jobcentres_or_after_the_interval()
    {
        // 29 jobcentres (88 rows): the setting of 3 is lower, so every 30th read is whole.
        var loader = Loader(overlap: TimeSpan.Zero, everyTurns: 3);
        await loader.LoadAsync(Year);
        var whole = new List<bool>();
        for (var i = 0; i < 31; i++)
        {
            await SaveDraftAsync(Codes[i % Codes.Length]);
            await loader.LoadAsync(Year);
            whole.Add(loader.LastStatusReadWasWhole(Year) == true);
        }

        Assert.Equal([.. Enumerable.Repeat(false, 29), true, false], whole);

        var interval = Loader(overlap: TimeSpan.Zero, interval: TimeSpan.Zero);
        await interval.LoadAsync(Year);
        await SaveDraftAsync(120);
        await interval.LoadAsync(Year);
        Assert.True(interval.LastStatusReadWasWhole(Year));
    }

    private CycleStateLoader Loader(TimeSpan overlap, int everyTurns = 16, TimeSpan? interval = null) =>
        new(_cycles, _directory, _responses, _sendLog, Options.Create(new CycleOptions()), _documents,
            Options.Create(new CycleStatusReadOptions { ChangeOverlap = overlap, FullReadEveryTurns = everyTurns, FullReadInterval = interval ?? TimeSpan.FromMinutes(5) }));

    private async Task SubmitAsync(int code)
    {
        var current = (await _responses.GetAsync(Year, code))!;
        var now = DateTimeOffset.UtcNow;
        await _responses.SaveAsync(current, current with { State = ResponseState.Submitted, SubmittedAt = now, DraftSavedAt = now, Submitted = [new Answer("1.1", Rating.Gul, "Svar " + now.Ticks)] });
    }

    private async Task SaveDraftAsync(int code)
    {
        var current = (await _responses.GetAsync(Year, code))!;
        var now = DateTimeOffset.UtcNow;
        await _responses.SaveAsync(current, current with { State = ResponseState.Draft, DraftSavedAt = now, Draft = [new Answer("1.1", Rating.Gul, "Kladde " + now.Ticks)] });
    }

    private static string Json(CycleSnapshot snapshot) => JsonSerializer.Serialize(snapshot);
}
