using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Storage;

/// <summary>Registers the storage clients (Microsoft.Extensions.Azure, one credential) and the repositories.</summary>
public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddFremdriftStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.TableServiceUri) == string.IsNullOrWhiteSpace(o.BlobServiceUri),
                "Storage:TableServiceUri og Storage:BlobServiceUri skal sættes sammen (eller ingen af dem, så bruges Storage:ConnectionString).")
            .ValidateOnStart();
        services.AddFremdriftStorageClients();
        // AddAzureClients forwards the SDK's events to the app's logs, where every 4xx is a warning. Here a 409 or
        // 412 is an answer (a claimed send, a conflicting editor, a table that exists), not a fault: keep errors only.
        services.AddLogging(logging => logging.AddFilter("Azure.Core", LogLevel.Error));
        services.AddSingleton<CycleRepository>();
        services.AddSingleton<CatalogueRepository>();
        services.AddSingleton<JobcentreRepository>();
        services.AddSingleton<StorageBootstrap>();
        services.AddSingleton<ResponseRepository>();
        services.AddSingleton<LinkIndexRepository>();
        services.AddSingleton<SendLogRepository>();
        services.AddSingleton<AuditLogRepository>();
        services.AddSingleton<WebhookEventRepository>();
        services.AddSingleton<YearCatalogueRepository>();
        services.AddSingleton<YearScheduleRepository>();
        return services;
    }

    /// <summary>
    /// The Table and Blob service clients from <see cref="StorageOptions"/>: in Azure the service URIs with the
    /// managed identity (one credential for both), locally and in tests the connection string (Azurite). Retries from
    /// <see cref="StorageOptions.Retry"/>: Azure's defaults, Azurite's short ones where the local host or a test sets them.
    /// </summary>
    public static IServiceCollection AddFremdriftStorageClients(this IServiceCollection services)
    {
        // The app's one credential (the user-assigned managed identity in Azure), for every Azure client and for
        // Microsoft Graph (Mail:Provider=Graph); a test registers a fake one first.
        services.TryAddSingleton<TokenCredential>(sp => new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = NullIfBlank(Storage(sp).ManagedIdentityClientId),
        }));
        services.AddAzureClients(azure =>
        {
            azure.UseCredential(sp => sp.GetRequiredService<TokenCredential>());
            azure.AddClient<TableServiceClient, TableClientOptions>((options, credential, sp) =>
            {
                Storage(sp).Retry.ApplyTo(options.Retry);
                options.AddPolicy(new LeanTableReads.NoMetadataPolicy(), HttpPipelinePosition.PerCall);
                return Storage(sp) is { TableServiceUri: { Length: > 0 } uri }
                    ? new TableServiceClient(new Uri(uri), credential, options)
                    : new TableServiceClient(Storage(sp).ConnectionString, options);
            });
            azure.AddClient<BlobServiceClient, BlobClientOptions>((options, credential, sp) =>
            {
                Storage(sp).Retry.ApplyTo(options.Retry);
                return Storage(sp) is { BlobServiceUri: { Length: > 0 } uri }
                    ? new BlobServiceClient(new Uri(uri), credential, options)
                    : new BlobServiceClient(Storage(sp).ConnectionString, options);
            });
        });
        services.AddSingleton<StorageClients>();
        return services;
    }

    private static StorageOptions Storage(IServiceProvider sp) => sp.GetRequiredService<IOptions<StorageOptions>>().Value;

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
