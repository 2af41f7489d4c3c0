using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Site;

/// <summary>Registers the site links (section "Site") and their start-up check.</summary>
internal static class SiteServiceCollectionExtensions
{
    public static IServiceCollection AddFremdriftSite(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SiteOptions>().Bind(configuration.GetSection(SiteOptions.Section));
        services.AddHostedService<SiteNoticesStartup>();
        return services;
    }
}

/// <summary>
/// Hands the links to the page and mail frames at start, and says in Danish, at warning level, which is missing:
/// the chiefs' pages and mails then go without it, which Danish law does not allow for long.
/// </summary>
internal sealed class SiteNoticesStartup(IOptions<SiteOptions> options, ILogger<SiteNoticesStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var links = SiteLinks.From(options.Value);
        SiteNotices.Configure(links);
        foreach (var missing in links.Missing())
        {
            logger.LogWarning("Link til {Missing} mangler eller er ikke en gyldig adresse: sider og mails viser den ikke. Sæt indstillingen", missing);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
