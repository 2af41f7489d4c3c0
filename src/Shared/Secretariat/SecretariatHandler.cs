using System.Globalization;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Secretariat;

/// <summary>
/// The secretariat's status page (<c>/sekretariat</c>), host-independent: the cycle at a glance for the requested
/// year, or for the year that matters. The commands (<see cref="Commands.SecretariatCommands"/>) and the contact form
/// (<see cref="SecretariatContactForm"/>) answer a refusal with this page and the message.
/// </summary>
public sealed class SecretariatHandler(
    CycleStarter starter,
    CycleRepository cycles,
    SecretariatStatusReader reader,
    AuditLogRepository audit,
    TimeProvider time,
    IOptions<SecretariatPageOptions> pageOptions)
{
    /// <summary>How many audit entries the audit log page lists (newest first: one page of the query).</summary>
    public const int AuditEntries = 200;

    /// <summary>
    /// The status page of <paramref name="year"/> (or of the year that matters), or with <paramref name="view"/> =
    /// <see cref="SecretariatPaths.AuditLogView"/> that year's audit log, a page of its own so that the status page
    /// reads four tables, not five.
    /// </summary>
    public async Task<PageResult> StatusAsync(string? year, string? message, string? view, CancellationToken ct)
    {
        if (view == SecretariatPaths.AuditLogView)
        {
            var logYear = await YearAsync(year, ct);
            return PageResult.Html(200, SecretariatPage.RenderAuditLog(logYear, await audit.ListAsync(logYear, AuditEntries, ct)));
        }

        // With no year asked for, the list read to choose one is the list the page shows: one read, not two.
        var list = ParseYear(year) is null ? await cycles.ListAsync(ct) : null;
        var shown = ParseYear(year) ?? YearThatMatters(list!) ?? starter.YearToPlan();
        return PageResult.Html(200, SecretariatPage.Render(await ViewAsync(shown, ct, list), message, isError: false));
    }

    /// <summary>The status page of a year with a refusal at the top, and the refusal's status code.</summary>
    public async Task<PageResult> ErrorAsync(int year, int status, string message, CancellationToken ct) =>
        PageResult.Html(status, SecretariatPage.Render(await ViewAsync(year, ct), message, isError: true));

    private async Task<SecretariatView> ViewAsync(int year, CancellationToken ct, IReadOnlyList<FollowUpCycle>? cycleList = null)
    {
        var read = await reader.ReadAsync(year, cycleList, ct);
        var nextManual = read.SendLog.Select(e => MailSteps.RoundOf(e.Step)).Where(r => r is { } x && MailSteps.IsManualRound(x))
            .Select(r => r!.Value - MailSteps.ManualRoundBase).Append(read.Snapshot.Cycle?.ManualReminder?.Number ?? 0).Max() + 1;
        return new SecretariatView(year, read.Snapshot, read.SendLog, read.Directory, time.GetUtcNow(), nextManual, pageOptions.Value.ShowOutboxLink)
        {
            Years = read.Years,
            Catalogue = read.Catalogue,
            Responses = read.Responses,
        };
    }

    /// <summary>
    /// The requested year, else the year that matters: the open cycle, else the newest closed one, else the newest
    /// planned one, else the year the timer would plan. A planned later year never hides this year's results.
    /// </summary>
    public async Task<int> YearAsync(string? requested, CancellationToken ct)
    {
        if (ParseYear(requested) is { } y)
        {
            return y;
        }

        return YearThatMatters(await cycles.ListAsync(ct)) ?? starter.YearToPlan();
    }

    /// <summary>The open cycle's year, else the newest closed, else the newest planned; null when there is none.</summary>
    public static int? YearThatMatters(IEnumerable<FollowUpCycle> all)
    {
        var list = all.ToList();
        foreach (var state in new[] { CycleState.Open, CycleState.Closed, CycleState.Planned })
        {
            if (list.Where(c => c.State == state).Select(c => (int?)c.Year).Max() is { } year)
            {
                return year;
            }
        }

        return null;
    }

    /// <summary>A cycle year from a query or form field ("aar"), or null when missing or not a plausible year.</summary>
    public static int? ParseYear(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 2000 and <= 2200 ? y : null;
}
