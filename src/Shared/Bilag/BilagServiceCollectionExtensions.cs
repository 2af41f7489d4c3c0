using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fremdrift.Shared.Bilag;

/// <summary>Registers the bilag feature's services.</summary>
internal static class BilagServiceCollectionExtensions
{
    public static IServiceCollection AddFremdriftBilag(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CycleDocuments>();
        services.AddSingleton<ICycleDocuments>(sp => sp.GetRequiredService<CycleDocuments>());
        services.AddSingleton<DocumentMailer>();
        services.AddSingleton<IDocumentMailer>(sp => sp.GetRequiredService<DocumentMailer>());
        services.AddSingleton<DocumentsPage>();
        services.AddSingleton<Storage.ImportedYearRepository>();
        services.AddSingleton<YearImportPage>();
        return services;
    }
}
