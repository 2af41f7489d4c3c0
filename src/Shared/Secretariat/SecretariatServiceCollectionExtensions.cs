using Fremdrift.Shared.Secretariat.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fremdrift.Shared.Secretariat;

/// <summary>Registers the secretariat's status page, contact form and commands (one type per command).</summary>
internal static class SecretariatServiceCollectionExtensions
{
    public static IServiceCollection AddFremdriftSecretariat(this IServiceCollection services)
    {
        services.AddSingleton<SecretariatStatusReader>();
        services.AddSingleton<SecretariatHandler>();
        services.AddSingleton<SecretariatContactForm>();
        services.AddSingleton<YearContent.YearContentPage>();
        services.AddSingleton<ISecretariatCommand, StartCycle>();
        services.AddSingleton<ISecretariatCommand, SendReminders>();
        services.AddSingleton<ISecretariatCommand, MoveDeadline>();
        services.AddSingleton<ISecretariatCommand, CloseCycle>();
        services.AddSingleton<ISecretariatCommand, ReopenCycle>();
        services.AddSingleton<ISecretariatCommand, NewLink>();
        services.AddSingleton<SecretariatCommands>();
        return services;
    }
}
