using Fremdrift.Shared.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Fremdrift.Shared.MailTexts;

/// <summary>Registers the year's mail texts: their repository and the secretariat's editor.</summary>
internal static class MailTextServiceCollectionExtensions
{
    public static IServiceCollection AddFremdriftMailTexts(this IServiceCollection services)
    {
        services.AddSingleton<MailTextRepository>();
        services.AddSingleton<MailTextsEditor>();
        return services;
    }
}
