using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fremdrift.Shared.Storage;

/// <summary>Registers storage clients and the repositories.</summary>
public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddFremdriftStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<StorageClients>();
        services.AddSingleton<CycleRepository>();
        services.AddSingleton<CatalogueRepository>();
        services.AddSingleton<JobcentreRepository>();
        services.AddSingleton<StorageBootstrap>();
        services.AddSingleton<ResponseRepository>();
        services.AddSingleton<LinkIndexRepository>();
        services.AddSingleton<SendLogRepository>();
        services.AddSingleton<AuditLogRepository>();
        services.AddSingleton<WebhookEventRepository>();
        return services;
    }
}
