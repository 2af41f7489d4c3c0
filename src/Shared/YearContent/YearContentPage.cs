using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Fremdrift.Shared.Web;
using Fremdrift.Shared.YearContent.Views;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.YearContent;

/// <summary>
/// The secretariat's page for a year's content, <c>/sekretariat/anbefalinger/{år}</c>, shared by both hosts: the
/// recommendations (edit, add, retire, order; preview as the chief's form; export and import as JSON) and the
/// schedule (opening, deadline, reminder days). Every save is guarded by the version the editor read; a conflict
/// shows the form again with what was typed. Every change is written to the audit log.
/// </summary>
public sealed class YearContentPage(
    YearCatalogues catalogues,
    YearCatalogueRepository drafts,
    YearScheduleRepository schedules,
    CycleRepository cycles,
    JobcentreRepository directory,
    AuditLogRepository audit,
    IOptions<CycleOptions> cycleOptions,
    IOptions<SurveyOptions> surveyOptions,
    TimeProvider time)
{
    /// <summary>An uploaded catalogue larger than this is refused (the 2015 set is 12 KB).</summary>
    public const int MaxImportBytes = 256 * 1024;

    public const string ActionField = "handling";

    private static readonly JsonSerializerOptions ExportJson = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>The page's address for a year.</summary>
    public static string PathFor(int year) => $"{SecretariatPaths.Recommendations}/{year.ToString(CultureInfo.InvariantCulture)}";

    public async Task<PageResult> ShowAsync(int year, string? message, CancellationToken ct)
    {
        if (!IsYear(year))
        {
            return UnknownYear(year);
        }

        var model = await ModelAsync(year, PageMessage.From(message, false), [], ct);
        return PageResult.Html(200, Render(model));
    }

    /// <summary>A post of one of the page's forms: <c>handling</c> = gem (the recommendations), tilfoej (a new one) or tidsplan.</summary>
    public async Task<PageResult> SaveAsync(int year, FormFields form, string actor, CancellationToken ct)
    {
        if (!IsYear(year))
        {
            return UnknownYear(year);
        }

        try
        {
            return form.One(ActionField) switch
            {
                "gem" => await SaveRecommendationsAsync(year, form, actor, ct),
                "tilfoej" => await AddAsync(year, form, actor, ct),
                "tidsplan" => await SaveScheduleAsync(year, form, actor, ct),
                _ => await ErrorAsync(year, 400, "Formularen kunne ikke læses (ukendt handling). Intet er gemt; hent siden igen.", [], ct),
            };
        }
        catch (FormFieldException e)
        {
            return await ErrorAsync(year, 400, e.Message + " Intet er gemt; hent siden igen.", [], ct);
        }
    }

    /// <summary>The chief's form exactly as it will look, with the draft's recommendations and a real jobcentre's name; it cannot be submitted.</summary>
    public async Task<PageResult> PreviewAsync(int year, CancellationToken ct)
    {
        if (!IsYear(year))
        {
            return UnknownYear(year);
        }

        var state = await catalogues.GetAsync(year, ct);
        var catalogue = state.Snapshot ?? state.Draft.ToCatalogue();
        var sample = (await directory.ListAsync(ct)).Where(j => j.Active).OrderBy(j => j.Name, StringComparer.Create(CultureInfo.GetCultureInfo("da-DK"), false)).FirstOrDefault();
        var schedule = await ScheduleAsync(year, ct);
        var deadline = DanishDates.ToUtc(schedule.Schedule.DeadlineOn, cycleOptions.Value.DeadlineAt);
        var view = new SurveyFormView(
            catalogue,
            sample?.Name ?? "Eksempel Jobcenter",
            year,
            deadline,
            SurveyResponse.New(year, sample?.MunicipalityCode ?? 0),
            "",
            [],
            null,
            [],
            null,
            SurveyRules.From(surveyOptions.Value))
        {
            PreviewBackLink = PathFor(year),
        };
        return PageResult.Html(200, SurveyFormPage.Render(view));
    }

    /// <summary>The year's recommendations as a JSON file in the shape the import (and Cycle:CatalogueFile) reads.</summary>
    public async Task<PageResult> ExportAsync(int year, CancellationToken ct)
    {
        if (!IsYear(year))
        {
            return UnknownYear(year);
        }

        var state = await catalogues.GetAsync(year, ct);
        var catalogue = state.Snapshot ?? state.Draft.ToCatalogue();
        var file = new
        {
            title = catalogue.Title,
            year,
            areas = catalogue.Areas.Select(a => new
            {
                id = a.Id,
                title = a.Title,
                intro = a.Intro,
                recommendations = a.Recommendations.Select(r => new { id = r.Id, obligation = CatalogueEditing.Word(r.Obligation), text = r.Text }),
            }),
            retired = state.Draft.RetiredOnes.Select(r => new { id = r.Id, text = r.Text }),
        };
        return PageResult.File(JsonSerializer.SerializeToUtf8Bytes(file, ExportJson), "application/json; charset=utf-8", $"anbefalinger-{year}.json");
    }

    /// <summary>Reads the multipart upload (field "fil", and the page's "version") of either host and replaces the draft with it.</summary>
    public async Task<PageResult> ImportUploadAsync(int year, Microsoft.AspNetCore.Http.HttpRequest request, string actor, CancellationToken ct)
    {
        if (!IsYear(year))
        {
            return UnknownYear(year);
        }

        Microsoft.AspNetCore.Http.IFormCollection form;
        try
        {
            form = request.HasFormContentType ? await request.ReadFormAsync(ct) : Microsoft.AspNetCore.Http.FormCollection.Empty;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            return await ErrorAsync(year, 400, $"Filen kunne ikke læses (højst {MaxImportBytes / 1024} KB). Intet er ændret.", [], ct);
        }

        var file = form.Files.GetFile("fil");
        if (file is null || file.Length == 0)
        {
            return await ErrorAsync(year, 400, "Vælg en JSON-fil med anbefalinger (som den, du kan hente på siden). Intet er ændret.", [], ct);
        }

        if (file.Length > MaxImportBytes)
        {
            return await ErrorAsync(year, 400, $"Filen er for stor ({file.Length / 1024} KB; højst {MaxImportBytes / 1024} KB). Intet er ændret.", [], ct);
        }

        string json;
        await using (var stream = file.OpenReadStream())
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct);
            try
            {
                json = new UTF8Encoding(false, true).GetString(buffer.ToArray());
            }
            catch (DecoderFallbackException)
            {
                return await ErrorAsync(year, 400, "Filen er ikke tekst i UTF-8. Gem den som UTF-8 og prøv igen. Intet er ændret.", [], ct);
            }
        }

        Domain.Catalogue imported;
        try
        {
            imported = CatalogueFile.Parse(json.TrimStart('\uFEFF'), Path.GetFileName(file.FileName), year);
        }
        catch (CatalogueFileException e)
        {
            return await ErrorAsync(year, 400, e.Message + " Intet er ændret.", [], ct);
        }

        var state = await catalogues.GetAsync(year, ct);
        if (state.Locked)
        {
            return await ErrorAsync(year, 409, LockedMessage(year), [], ct);
        }

        var version = form["version"].Count == 1 ? form["version"].ToString() : "";
        if (state.Stored && version != state.Draft.Version)
        {
            return await ErrorAsync(year, 409, "Anbefalingerne blev ændret af en anden, efter du åbnede siden. Filen er IKKE indlæst; se ændringerne herunder, og indlæs filen igen.", [], ct);
        }

        var outcome = CatalogueEditing.Import(state.Draft, imported, await catalogues.IdsUsedBeforeAsync(year, ct));
        return await StoreAsync(year, state, outcome, actor, "Filen er indlæst", null, null, ct);
    }

    private async Task<PageResult> SaveRecommendationsAsync(int year, FormFields form, string actor, CancellationToken ct)
    {
        var state = await catalogues.GetAsync(year, ct);
        if (state.Locked)
        {
            return await ErrorAsync(year, 409, LockedMessage(year), [], ct);
        }

        var ids = form.All("id").ToList();
        var edits = ids.Select(id => new RecommendationEdit(
            id,
            form.One("omraade-" + id) ?? "",
            form.One("type-" + id) ?? "",
            form.One("tekst-" + id) ?? "",
            form.One("nr-" + id) ?? "",
            form.One("udgaar-" + id) == "ja")).ToList();
        var entered = edits.GroupBy(e => e.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var version = form.One("version") ?? "";
        if (state.Stored ? version != state.Draft.Version : version.Length > 0)
        {
            return await ConflictAsync(year, entered, null, ct);
        }

        var outcome = CatalogueEditing.Edit(state.Draft, edits);
        return await StoreAsync(year, state, outcome, actor, "Ændringerne er gemt", entered, null, ct);
    }

    private async Task<PageResult> AddAsync(int year, FormFields form, string actor, CancellationToken ct)
    {
        var state = await catalogues.GetAsync(year, ct);
        if (state.Locked)
        {
            return await ErrorAsync(year, 409, LockedMessage(year), [], ct);
        }

        var input = new NewRecommendationInput(form.One("ny-omraade") ?? "", form.One("ny-type") ?? "", form.One("ny-tekst") ?? "");
        var version = form.One("version") ?? "";
        if (state.Stored ? version != state.Draft.Version : version.Length > 0)
        {
            return await ConflictAsync(year, null, input, ct);
        }

        var outcome = CatalogueEditing.Add(state.Draft, input.AreaId, input.Obligation, input.Text, await catalogues.IdsUsedBeforeAsync(year, ct));
        return await StoreAsync(year, state, outcome, actor, "Anbefalingen er tilføjet", null, input, ct);
    }

    private async Task<PageResult> StoreAsync(
        int year,
        YearCatalogueState state,
        CatalogueEditOutcome outcome,
        string actor,
        string done,
        IReadOnlyDictionary<string, RecommendationEdit>? entered,
        NewRecommendationInput? enteredNew,
        CancellationToken ct)
    {
        switch (outcome)
        {
            case CatalogueEditOutcome.Refused refused:
                var model = await ModelAsync(year, new PageMessage("Intet er gemt. Ret det markerede og prøv igen; det, du skrev, står i felterne.", true), refused.Problems, ct);
                return PageResult.Html(400, Render(model with { Entered = entered ?? model.Entered, EnteredAddition = enteredNew }));
            case CatalogueEditOutcome.Applied applied:
                if (applied.Changes.Count == 0)
                {
                    return PageResult.Redirect(PathFor(year) + "?besked=" + Uri.EscapeDataString("Der var ingen ændringer at gemme."));
                }

                try
                {
                    // A draft never stored is added (version empty): a second editor's first save then conflicts too.
                    await drafts.SaveAsync(applied.Draft with { Version = state.Stored ? state.Draft.Version : "" }, ct);
                }
                catch (ConcurrencyConflictException)
                {
                    return await ConflictAsync(year, entered, enteredNew, ct);
                }

                var now = time.GetUtcNow();
                foreach (var change in applied.Changes)
                {
                    await audit.AppendAsync(new AuditEntry(year, now, actor, change.Action, change.Details), ct);
                }

                var what = applied.Changes.Count == 1 ? applied.Changes[0].Action : $"{applied.Changes.Count} ændringer";
                return PageResult.Redirect(PathFor(year) + "?besked=" + Uri.EscapeDataString($"{done}: {what}."));
            default:
                throw new InvalidOperationException("Unknown outcome.");
        }
    }

    private async Task<PageResult> SaveScheduleAsync(int year, FormFields form, string actor, CancellationToken ct)
    {
        var input = new ScheduleInput(form.One("aabning") ?? "", form.One("svarfrist") ?? "", form.One("paamindelser") ?? "");
        var scheduleVersion = form.One("tidsplanversion") ?? "";
        var cycleVersion = form.One("cyklusversion") ?? "";
        var (current, stored) = await ScheduleAsync(year, ct);
        var cycle = await cycles.GetAsync(year, ct);
        if (cycle is { State: not CycleState.Planned })
        {
            var refused = await ModelAsync(year, new PageMessage($"Opfølgningen {year} er åbnet, så tidsplanen ligger fast. Svarfristen kan stadig flyttes med \"Flyt svarfristen\" på overblikket.", true), [], ct);
            return PageResult.Html(409, Render(refused with { EnteredSchedule = input }));
        }

        var (schedule, problems) = YearScheduleRules.Parse(year, input.Opening, input.Deadline, input.Reminders, time.GetUtcNow(), cycleOptions.Value);
        if (schedule is null)
        {
            var model = await ModelAsync(year, new PageMessage("Tidsplanen er ikke gemt. Ret det markerede og prøv igen.", true), problems, ct);
            return PageResult.Html(400, Render(model with { EnteredSchedule = input }));
        }

        if (scheduleVersion != (stored ? current.Version : "") || cycleVersion != (cycle?.Version ?? ""))
        {
            return await ScheduleConflictAsync(year, input, ct);
        }

        try
        {
            // The cycle row is the authority once it exists: it is changed first, guarded by the version the page showed.
            if (cycle is not null)
            {
                await cycles.UpdateAsync(schedule.ApplyTo(cycle, cycleOptions.Value), ct);
            }

            await schedules.SaveAsync(schedule with { Version = stored ? current.Version : "" }, ct);
        }
        catch (ConcurrencyConflictException)
        {
            return await ScheduleConflictAsync(year, input, ct);
        }

        var opens = DanishDates.ToUtc(schedule.OpensOn, cycleOptions.Value.OpenAt);
        var deadline = DanishDates.ToUtc(schedule.DeadlineOn, cycleOptions.Value.DeadlineAt);
        var details = $"Åbner {DanishDates.DateAndTime(opens)}, svarfrist {DanishDates.DateAndTime(deadline)}, påmindelser {(schedule.ReminderDays.Count == 0 ? "ingen" : string.Join(", ", schedule.ReminderDays) + " dage før svarfristen")}.";
        await audit.AppendAsync(new AuditEntry(year, time.GetUtcNow(), actor, "Satte tidsplanen", details), ct);
        var result = PageResult.Redirect(PathFor(year) + "?besked=" + Uri.EscapeDataString("Tidsplanen er gemt. " + details));

        // A planned cycle's loop waits for the old opening; the signal makes it plan its wake-up again.
        return cycle is null ? result : result with { Signal = new CycleSignal(year, CycleSignalKind.SecretariatCommand, null, "tidsplan") };
    }

    private async Task<PageResult> ConflictAsync(int year, IReadOnlyDictionary<string, RecommendationEdit>? entered, NewRecommendationInput? enteredNew, CancellationToken ct)
    {
        var model = await ModelAsync(year, new PageMessage(
            "Anbefalingerne blev ændret af en anden, mens du redigerede. Dine ændringer er IKKE gemt endnu; de står i formularen herunder sammen med den andens. Gem igen for at gemme din udgave.", true), [], ct);
        if (model.Catalogue.Locked)
        {
            return PageResult.Html(409, Render(model with { Message = new PageMessage(LockedMessage(year), true) }));
        }

        return PageResult.Html(409, Render(model with { Entered = entered ?? model.Entered, EnteredAddition = enteredNew }));
    }

    private async Task<PageResult> ScheduleConflictAsync(int year, ScheduleInput input, CancellationToken ct)
    {
        var model = await ModelAsync(year, new PageMessage(
            "Tidsplanen (eller opfølgningen) blev ændret af en anden, mens du redigerede. Din tidsplan er IKKE gemt endnu; den står i felterne herunder. Gem igen for at gemme din udgave.", true), [], ct);
        return PageResult.Html(409, Render(model with { EnteredSchedule = input }));
    }

    private async Task<PageResult> ErrorAsync(int year, int status, string message, IReadOnlyList<EditProblem> problems, CancellationToken ct) =>
        PageResult.Html(status, Render(await ModelAsync(year, new PageMessage(message, true), problems, ct)));

    private async Task<YearContentModel> ModelAsync(int year, PageMessage? message, IReadOnlyList<EditProblem> problems, CancellationToken ct)
    {
        var state = await catalogues.GetAsync(year, ct);
        var (schedule, stored) = await ScheduleAsync(year, ct);
        var cycle = await cycles.GetAsync(year, ct);
        return new YearContentModel(year, state, schedule, stored, cycle, cycleOptions.Value, message, problems);
    }

    /// <summary>The schedule as the page shows it: the cycle's own dates once it exists, else the stored row, else the defaults.</summary>
    private async Task<(YearSchedule Schedule, bool Stored)> ScheduleAsync(int year, CancellationToken ct)
    {
        var stored = await schedules.GetAsync(year, ct);
        var cycle = await cycles.GetAsync(year, ct);
        if (cycle is not null)
        {
            return (YearSchedule.Of(cycle) with { Version = stored?.Version ?? "" }, stored is not null);
        }

        return stored is not null ? (stored, true) : (YearSchedule.Default(year, cycleOptions.Value), false);
    }

    public static string LockedMessage(int year) =>
        $"Anbefalingerne for {year} er låst: opfølgningen {year} er åbnet, og skemaet spørger om dem, som de stod ved åbningen. Ændringer hører til næste år ({year + 1}).";

    private static bool IsYear(int year) => year is >= 2000 and <= 2100;

    private static PageResult UnknownYear(int year) => PageResult.Html(404, HtmlLayout.MessagePage(
        "Ukendt år", "Ukendt år", $"{year} er ikke et år, Fremdrift kan forberede (2000–2100)."));

    private static string Render(YearContentModel model) => HtmlViewRenderer.Render<YearContentEditor, YearContentModel>(model);
}
