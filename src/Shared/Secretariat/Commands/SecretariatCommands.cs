using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;

namespace Fremdrift.Shared.Secretariat.Commands;

/// <summary>
/// The secretariat's commands by name (every <see cref="ISecretariatCommand"/> registered in DI), and the one way a
/// host runs one: parse the year, show the confirmation page of an irreversible command, run it, and answer with a
/// redirect to the status page that asks for a SecretariatCommand signal to wake the cycle loop, or with the status
/// page and the refusal.
/// </summary>
public sealed class SecretariatCommands
{
    private readonly Dictionary<string, ISecretariatCommand> byName;
    private readonly SecretariatHandler statusPage;
    private readonly CycleStateLoader loader;

    public SecretariatCommands(IEnumerable<ISecretariatCommand> commands, SecretariatHandler statusPage, CycleStateLoader loader)
    {
        byName = commands.ToDictionary(c => c.Name, StringComparer.Ordinal);
        this.statusPage = statusPage;
        this.loader = loader;
    }

    /// <summary>The registered command names.</summary>
    public IReadOnlyCollection<string> Names => byName.Keys;

    public async Task<PageResult> CommandAsync(string command, FormFields form, string actor, CancellationToken ct)
    {
        int year;
        try
        {
            year = SecretariatHandler.ParseYear(form.One("aar")) ?? await statusPage.YearAsync(null, ct);
        }
        catch (FormFieldException e)
        {
            return await statusPage.ErrorAsync(await statusPage.YearAsync(null, ct), 400, e.Message, ct);
        }

        if (!byName.TryGetValue(command, out var handler))
        {
            return await statusPage.ErrorAsync(year, 404, "Ukendt kommando.", ct);
        }

        try
        {
            if (handler is IConfirmedSecretariatCommand confirmed && form.One(SecretariatPage.ConfirmField) != SecretariatPage.ConfirmValue)
            {
                return await ConfirmAsync(confirmed, year, form, ct);
            }

            var result = await handler.RunAsync(year, form, actor, ct);
            if (result.Status >= 400)
            {
                return await statusPage.ErrorAsync(result.Year, result.Status, result.Message, ct);
            }

            return PageResult.Redirect($"{SecretariatPaths.Root}?aar={result.Year}&besked={Uri.EscapeDataString(result.Message)}")
                with { Signal = new CycleSignal(result.Year, CycleSignalKind.SecretariatCommand, null, command) };
        }
        catch (FormFieldException e)
        {
            return await statusPage.ErrorAsync(year, 400, e.Message, ct);
        }
        catch (ConcurrencyConflictException)
        {
            return await statusPage.ErrorAsync(year, 409, "Opfølgningen blev ændret af en anden (eller af årshjulet) samtidig. Se den opdaterede side og prøv igen.", ct);
        }
    }

    /// <summary>The confirmation page of an irreversible command: what will happen, and to how many.</summary>
    private async Task<PageResult> ConfirmAsync(IConfirmedSecretariatCommand command, int year, FormFields form, CancellationToken ct)
    {
        var snapshot = await loader.LoadForPagesAsync(year, ct);
        if (command.RefuseState(year, snapshot.Cycle) is { } refusal)
        {
            return await statusPage.ErrorAsync(year, 400, refusal, ct);
        }

        var step = await command.DescribeAsync(year, snapshot, form, ct);
        return step.Confirmation is { } confirmation
            ? PageResult.Html(200, SecretariatPage.ConfirmationPage(year, confirmation))
            : await statusPage.ErrorAsync(year, 400, step.Refusal ?? "Kommandoen kan ikke bruges nu.", ct);
    }
}
