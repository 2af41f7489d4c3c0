using Fremdrift.Shared.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fremdrift.Shared;

/// <summary>One call that registers everything the Functions app and the local host share.</summary>
public static class FremdriftServiceCollectionExtensions
{
    public static IServiceCollection AddFremdrift(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddFremdriftStorage(configuration);
        // Feature registrations (survey, mail, cycle, bilag) are added here by their folders.
        return services;
    }
}
