using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fremdrift.Shared.Cycle;

/// <summary>Registers the cycle feature's services.</summary>
public static class CycleServiceCollectionExtensions
{
    public static IServiceCollection AddFremdriftCycle(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }
}
