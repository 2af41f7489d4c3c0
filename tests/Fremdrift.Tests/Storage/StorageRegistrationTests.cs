using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Fremdrift.Shared.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fremdrift.Tests.Storage;

/// <summary>The storage clients as the app registers them (Microsoft.Extensions.Azure), without touching the network.</summary>
public class StorageRegistrationTests
{
    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddFremdriftStorage(configuration).BuildServiceProvider();
    }

    [Fact]
    public void With_service_URIs_both_clients_use_them_and_the_same_clients_are_injected_everywhere()
    {
        using var provider = Provider(new()
        {
            ["Storage:TableServiceUri"] = "https://fremdriftprod.table.core.windows.net",
            ["Storage:BlobServiceUri"] = "https://fremdriftprod.blob.core.windows.net",
            ["Storage:ManagedIdentityClientId"] = "00000000-0000-0000-0000-000000000001",
        });
        var clients = provider.GetRequiredService<StorageClients>();

        Assert.Equal(new Uri("https://fremdriftprod.table.core.windows.net"), clients.Tables.Uri);
        Assert.Equal(new Uri("https://fremdriftprod.blob.core.windows.net"), clients.Blobs.Uri);
        Assert.Same(provider.GetRequiredService<TableServiceClient>(), clients.Tables);
        Assert.Same(provider.GetRequiredService<BlobServiceClient>(), clients.Blobs);
    }

    [Fact]
    public void Without_service_URIs_the_connection_string_is_used_Azurite_by_default()
    {
        using var provider = Provider([]);
        var clients = provider.GetRequiredService<StorageClients>();

        Assert.Equal("devstoreaccount1", clients.Tables.AccountName);
        Assert.Equal("127.0.0.1", clients.Blobs.Uri.Host);
    }

    [Theory]
    [InlineData("Storage:TableServiceUri", "https://fremdriftprod.table.core.windows.net")]
    [InlineData("Storage:BlobServiceUri", "https://fremdriftprod.blob.core.windows.net")]
    public void One_service_URI_without_the_other_is_refused_in_Danish(string key, string value)
    {
        using var provider = Provider(new() { [key] = value });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Contains("skal sættes sammen", e.Message, StringComparison.Ordinal);
    }
}
