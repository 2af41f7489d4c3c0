using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fremdrift.Shared.Bilag;

/// <summary>Registers the bilag feature's services.</summary>
public static class BilagServiceCollectionExtensions
{
    public static IServiceCollection AddFremdriftBilag(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }
}
