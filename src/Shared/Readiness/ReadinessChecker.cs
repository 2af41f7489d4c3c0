using System.Globalization;
using Azure.Data.Tables;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Mail;
using Fremdrift.Shared.Site;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Readiness;

/// <summary>
/// "Klar til {år}?": checks, before a year opens, what would stop it or make it fail in January: the recommendations,
/// the chiefs' addresses, the mail provider's key, the link signing key, when the timer opens the cycle, storage, and
/// the accessibility statement and privacy notice links. Reads and asks; never writes, and never mails a chief.
/// </summary>
public sealed class ReadinessChecker(
    IYearRecommendationsCheck recommendations,
    JobcentreRepository directory,
    CycleRepository cycles,
    IMailProviderProbe mailProvider,
    StorageClients storage,
    IOptions<SurveyOptions> surveyOptions,
    IOptions<CycleOptions> cycleOptions,
    IOptions<SiteOptions> siteOptions,
    TimeProvider time)
{
    /// <summary>
    /// The year the next opening belongs to: the year the timer plans, or the one after when that year's cycle is
    /// already open or closed.
    /// </summary>
    public async Task<int> NextYearAsync(CancellationToken ct)
    {
        var year = CycleSchedule.YearToPlan(time.GetUtcNow(), cycleOptions.Value);
        var cycle = await cycles.GetAsync(year, ct);
        return cycle is null || cycle.State == CycleState.Planned ? year : year + 1;
    }

    /// <summary>When <paramref name="year"/> opens: the planned cycle's time if it exists, else the schedule's default.</summary>
    public async Task<DateTimeOffset> PlannedOpeningAsync(int year, CancellationToken ct) =>
        (await cycles.GetAsync(year, ct))?.OpensAt ?? CycleSchedule.DefaultOpensAt(year, cycleOptions.Value);

    /// <summary>Every check for <paramref name="year"/>; a check that cannot be made (storage down) is red and says why.</summary>
    public async Task<ReadinessReport> CheckAsync(int year, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var checks = new List<ReadinessCheck>
        {
            await Guarded("Årets anbefalinger", () => recommendations.CheckAsync(year, ct)),
            await Guarded("Adresser på jobcentercheferne", () => ContactsAsync(ct)),
            await MailProviderAsync(ct),
            SigningKey(),
            await Guarded("Årshjulet åbner opfølgningen", async () => Opening(year, await cycles.GetAsync(year, ct), now)),
            await StorageAsync(ct),
            SiteLinksCheck(),
        };
        var opensAt = await OpeningOrDefaultAsync(year, ct);
        return new ReadinessReport(year, opensAt, now, checks);
    }

    private async Task<ReadinessCheck> ContactsAsync(CancellationToken ct)
    {
        const string title = "Adresser på jobcentercheferne";
        var active = (await directory.ListAsync(ct)).Where(j => j.Active).ToList();
        var noAddress = active.Where(j => !j.HasAddress).Select(j => j.Name).ToList();
        var bounced = active.Where(j => j.IsMailBlocked).Select(j => $"{j.Name} ({j.ChiefEmail})").ToList();
        if (noAddress.Count == 0 && bounced.Count == 0)
        {
            return ReadinessCheck.Green(title, $"Alle {active.Count} aktive jobcentre har en adresse, og ingen af dem er afvist af modtageren.");
        }

        var found = new List<string>();
        if (noAddress.Count > 0)
        {
            found.Add($"Uden adresse: {string.Join(", ", noAddress)}.");
        }

        if (bounced.Count > 0)
        {
            found.Add($"Afvist af modtageren og ikke rettet siden: {string.Join(", ", bounced)}.");
        }

        return ReadinessCheck.Red(title, string.Join(" ", found), "Ret kontakten under Jobcentre på overblikket (\"Ret kontakt\"); når den er gemt, nulstilles afvisningen.");
    }

    private async Task<ReadinessCheck> MailProviderAsync(CancellationToken ct)
    {
        const string title = "Mailtjenesten godkender nøglen";
        var answer = await mailProvider.CheckAsync(ct);
        return answer.Ok
            ? ReadinessCheck.Green(title, answer.Detail)
            : ReadinessCheck.Red(title, answer.Detail, "Lav en ny API-nøgle med retten Mail Send i SendGrid, og læg den i Key Vault (docs/deployment.md, \"SendGrid-nøglen\"). Ingen mail er sendt i dette tjek.");
    }

    private ReadinessCheck SigningKey()
    {
        const string title = "Nøglen til de personlige links";
        var key = surveyOptions.Value.LinkSigningKey;
        var bytes = 0;
        try
        {
            bytes = string.IsNullOrWhiteSpace(key) ? 0 : Convert.FromBase64String(key).Length;
        }
        catch (FormatException)
        {
            return ReadinessCheck.Red(title, "Survey__LinkSigningKey er ikke gyldig base64.", "Sæt nøglen i Key Vault igen (scripts/deploy.sh laver den); en ny nøgle gør alle udsendte links ugyldige.");
        }

        return bytes >= 32
            ? ReadinessCheck.Green(title, "Nøglen er sat (mindst 32 byte).")
            : ReadinessCheck.Red(title, bytes == 0 ? "Survey__LinkSigningKey er ikke sat." : $"Survey__LinkSigningKey er for kort ({bytes} byte, mindst 32).", "Sæt nøglen i Key Vault (scripts/deploy.sh laver den), og genstart appen.");
    }

    private ReadinessCheck Opening(int year, FollowUpCycle? cycle, DateTimeOffset now)
    {
        const string title = "Årshjulet åbner opfølgningen";
        var opensAt = cycle?.OpensAt ?? CycleSchedule.DefaultOpensAt(year, cycleOptions.Value);
        var schedule = cycleOptions.Value.TimerSchedule;
        if (cycle is { State: CycleState.Open })
        {
            return ReadinessCheck.Green(title, $"Opfølgningen {year} er åben (åbnede {DanishDates.DateAndTime(cycle.OpensAt)}).");
        }

        if (cycle is { State: CycleState.Closed })
        {
            return ReadinessCheck.Red(title, $"Opfølgningen {year} er allerede lukket.", "Tjek et senere år.");
        }

        if (opensAt <= now)
        {
            return ReadinessCheck.Red(title, $"Opfølgningen {year} skulle have åbnet {DanishDates.DateAndTime(opensAt)}, men er ikke åben.", "Se Årshjulets kørsel; start opfølgningen under Kommandoer, hvis årshjulet ikke kører.");
        }

        var days = DanishDates.DateOf(opensAt).DayNumber - DanishDates.DateOf(now).DayNumber;
        var planned = cycle is null ? $"Den daglige kørsel (tidsplan {schedule}) opretter opfølgningen og åbner den" : "Opfølgningen er oprettet og åbner";
        return ReadinessCheck.Green(title, $"{planned} {DanishDates.DateAndTime(opensAt)}, om {days.ToString(CultureInfo.InvariantCulture)} {(days == 1 ? "dag" : "dage")}.");
    }

    private async Task<ReadinessCheck> StorageAsync(CancellationToken ct)
    {
        const string title = "Lageret kan nås";
        try
        {
            await storage.Guard(async () =>
            {
                await foreach (var page in storage.Table("Cycles").QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: ct).AsPages())
                {
                    return page.Values.Count;
                }

                return 0;
            });
            return ReadinessCheck.Green(title, $"Tabellerne svarer ({storage.Options.DescribeEndpoint()}).");
        }
        catch (StorageUnavailableException e)
        {
            return ReadinessCheck.Red(title, e.Message, "Tjek lagerkontoen og appens adgang til den (docs/deployment.md, \"Fejlsøgning\").");
        }
    }

    private ReadinessCheck SiteLinksCheck()
    {
        const string title = "Tilgængelighedserklæring og privatlivserklæring";
        var missing = SiteLinks.From(siteOptions.Value).Missing();
        return missing.Count == 0
            ? ReadinessCheck.Green(title, "Begge links er sat og står nederst på hver side og i hver mail.")
            : ReadinessCheck.Red(title, $"Mangler link til {string.Join(" og ", missing)}. Cheferne ser dem ikke på siderne og i mails.", "Læg erklæringerne på jeres hjemmeside (tilgængelighedserklæringen på was.digst.dk), og sæt indstillingerne i Azure (Bicep-parametrene accessibilityStatementUrl og privacyNoticeUrl).");
    }

    /// <summary>The planned opening, or the schedule's default when storage cannot say.</summary>
    private async Task<DateTimeOffset> OpeningOrDefaultAsync(int year, CancellationToken ct)
    {
        try
        {
            return await PlannedOpeningAsync(year, ct);
        }
        catch (StorageUnavailableException)
        {
            return CycleSchedule.DefaultOpensAt(year, cycleOptions.Value);
        }
    }

    /// <summary>Runs a check that reads storage; storage that cannot be reached turns into a red check that says so.</summary>
    private static async Task<ReadinessCheck> Guarded(string title, Func<Task<ReadinessCheck>> check)
    {
        try
        {
            return await check();
        }
        catch (StorageUnavailableException e)
        {
            return ReadinessCheck.Red(title, "Kunne ikke tjekkes: " + e.Message, "Få lageret i gang igen, og tjek igen.");
        }
    }
}
