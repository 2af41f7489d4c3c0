using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Secretariat;

/// <summary>Registers the secretariat's access settings, where the app runs, and the start-up check of its lock.</summary>
internal static class SecretariatSecurityRegistration
{
    public static IServiceCollection AddFremdriftSecretariatSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecretariatOptions>().Bind(configuration.GetSection(SecretariatOptions.Section));
        services.TryAddSingleton(HostingPlace.FromEnvironment());
        services.AddHostedService<SecurityConfigurationCheck>();
        return services;
    }
}

/// <summary>
/// Says at start, in the log, what a missing setting locks out: in Azure, a missing group or role refuses every
/// secretariat user. It fails closed; this only tells why (the SendGrid webhook's key is Mail's own check).
/// </summary>
internal sealed class SecurityConfigurationCheck(
    HostingPlace place,
    IOptions<SecretariatOptions> secretariat,
    ILogger<SecurityConfigurationCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (place.IsAzure && string.IsNullOrWhiteSpace(secretariat.Value.AllowedGroupOrRole))
        {
            logger.LogError("Secretariat__AllowedGroupOrRole is not set: every request to the secretariat's pages is refused");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
