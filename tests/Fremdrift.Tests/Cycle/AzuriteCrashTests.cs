using Azure.Data.Tables;
using Fremdrift.DevServer.Azurite;

namespace Fremdrift.Tests.Cycle;

/// <summary>
/// What a storage crash can cause on the local host: Azurite with a data folder keeps its tables in LokiJS databases
/// that reach the disk only every 5 seconds (autosave), so a SIGKILL loses writes it had already acknowledged;
/// a graceful stop (SIGTERM) saves them. Each test runs its own Azurite on its own folder (never the tests' shared one).
/// </summary>
public class AzuriteCrashTests
{
    /// <summary>Azurite's LokiJS autosave interval (dist/src/table/persistence/LokiTableMetadataStore.js), with room to spare.</summary>
    private static readonly TimeSpan PastAutosave = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task A_killed_azurite_comes_back_without_rows_it_had_acknowledged_just_before_the_kill()
    {
        using var folder = new TempFolder();
        var azurite = await AzuriteProcess.StartAsync(folder.Path, TimeSpan.FromSeconds(60));
        try
        {
            var table = await TableAsync(azurite);
            await table.AddEntityAsync(new TableEntity("p", "saved"));
            await Task.Delay(PastAutosave);

            // Written and acknowledged (AddEntity returned 204), then Azurite dies. A save may fall between the two by
            // chance (a few milliseconds in 5 seconds), so up to three tries.
            var lost = false;
            for (var attempt = 0; attempt < 3 && !lost; attempt++)
            {
                var key = "acknowledged-" + attempt;
                var response = await table.AddEntityAsync(new TableEntity("p", key));
                Assert.False(response.IsError);
                await azurite.KillAsync();
                azurite = await azurite.StartAgainAsync();
                table = await TableAsync(azurite);
                lost = !(await table.GetEntityIfExistsAsync<TableEntity>("p", key)).HasValue;
            }

            Assert.True(lost, "Every acknowledged row survived three kills of Azurite.");
            Assert.True((await table.GetEntityIfExistsAsync<TableEntity>("p", "saved")).HasValue, "The row saved before the kill is gone too.");
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_gracefully_stopped_azurite_keeps_every_row_it_acknowledged()
    {
        using var folder = new TempFolder();
        var azurite = await AzuriteProcess.StartAsync(folder.Path, TimeSpan.FromSeconds(60));
        try
        {
            var table = await TableAsync(azurite);
            for (var i = 0; i < 3; i++)
            {
                var key = "acknowledged-" + i;
                await table.AddEntityAsync(new TableEntity("p", key));
                await azurite.StopAsync();
                azurite = await azurite.StartAgainAsync();
                table = await TableAsync(azurite);
                Assert.True((await table.GetEntityIfExistsAsync<TableEntity>("p", key)).HasValue, $"Row {key} was lost by a graceful stop.");
            }
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    private static async Task<TableClient> TableAsync(AzuriteProcess azurite)
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("crash");
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fremdrift-azurite-" + Guid.NewGuid().ToString("N")[..8]);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
