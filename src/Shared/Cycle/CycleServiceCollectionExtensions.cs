using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fremdrift.Shared.Cycle;

/// <summary>Registers the cycle feature's services (and the secretariat's page and commands, which drive it).</summary>
internal static class CycleServiceCollectionExtensions
{
    public static IServiceCollection AddFremdriftCycle(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CycleOptions>().Bind(configuration.GetSection(CycleOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CycleStarter>();
        services.AddSingleton<Catalogue.YearCatalogues>();
        services.AddSingleton<CycleStateLoader>();
        services.AddSingleton<CycleActionRunner>();
        services.AddSingleton<CycleActivities>();
        services.AddSingleton<CycleInstanceControl>();
        services.TryAddSingleton(CycleClockRate.RealTime);
        services.TryAddSingleton<ICycleTurnObserver, LoggingCycleTurnObserver>();
        return services;
    }
}
