using System.Globalization;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Bilag;

/// <summary>
/// What an import will store for an earlier year: the recommendations that year asked (from the catalogue file
/// for that year when one ships, otherwise from the file itself) and each answering jobcentre's submission.
/// </summary>
public sealed record ImportPlan(
    int Year,
    Domain.Catalogue Catalogue,
    bool CatalogueFromFile,
    IReadOnlyList<SubmittedAnswers> Submissions,
    int Rows,
    IReadOnlyList<string> Notes);

/// <summary>The file was read, but rows are wrong; every message is Danish and names the row and the column.</summary>
internal sealed class ImportValidationException(IReadOnlyList<string> errors)
    : Exception(errors.Count == 1 ? errors[0] : $"{errors.Count} fejl i filen.")
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>
/// Validates an <see cref="ImportTable"/> in the export's columns and turns it into an <see cref="ImportPlan"/>;
/// pure, no I/O. Every row is checked (known municipality, known recommendation, a status that is Grøn, Gul,
/// Rød, Ikke relevant, Uden status or blank, Ikke relevant only on KAN, no duplicates, one year), and all
/// errors are reported at once (the first 50), so nothing is stored until the whole file is right.
/// </summary>
internal static class YearImport
{
    private const int MaxErrors = 50;

    /// <summary>The columns that must come first, in this order (the export's first eleven; the last two, last year's status and change, are ignored).</summary>
    public static readonly IReadOnlyList<string> RequiredHeadings =
        ["År", "Kommunenr.", "Kommune", "Jobcenter", "Område", "Anbefaling", "SKAL/KAN", "Anbefalingstekst", "Status", "Bemærkninger", "Indsendt"];

    private const int YearColumn = 0, CodeColumn = 1, AreaColumn = 4, IdColumn = 5, ObligationColumn = 6, TextColumn = 7, StatusColumn = 8, RemarkColumn = 9, SubmittedColumn = 10;

    public const string ImportedBy = "Indlæst af sekretariatet";

    /// <summary>A remark is stored as the form stores it, so it has the form's limit (<see cref="Survey.SurveyOptions.RemarkMaxLength"/>'s default).</summary>
    public const int MaxRemarkLength = 4000;

    /// <summary>A recommendation's text: the longest in the built-in catalogues is a few hundred characters.</summary>
    public const int MaxRecommendationTextLength = 4000;

    /// <summary>An area's title.</summary>
    public const int MaxAreaTitleLength = 300;

    /// <summary>
    /// Recommendations in a year: a jobcentre's answers are one table row with two properties each, and a row holds
    /// at most 252 properties and 1 MiB (100 × a 4,000-character remark fits); 2015 asked 16.
    /// </summary>
    public const int MaxRecommendations = 100;

    /// <param name="table">The file's rows.</param>
    /// <param name="knownMunicipalities">The directory's municipality codes.</param>
    /// <param name="catalogueFile">The catalogue file for a year, or null when none ships for exactly that year.</param>
    /// <param name="currentYear">The year the app's clock is in (Danish time): a later year has not been run anywhere and is Fremdrift's to run.</param>
    public static ImportPlan Plan(ImportTable table, IReadOnlySet<int> knownMunicipalities, Func<int, Domain.Catalogue?> catalogueFile, int currentYear)
    {
        ArgumentNullException.ThrowIfNull(table);
        var errors = new List<string>(table.CellErrors.Take(MaxErrors));
        CheckHeadings(table.Headings);
        if (table.Rows.Count == 0)
        {
            throw new ImportValidationException(["Filen har overskrifterne, men ingen rækker med svar."]);
        }

        var year = ReadYear(table, errors);
        if (year > currentYear)
        {
            throw new ImportValidationException([
                $"Række 2, kolonne A (År): {year} ligger efter det nuværende år ({currentYear}). Et år, der ikke er kørt endnu, kan ikke indlæses; Fremdrift kører det selv, når det bliver tid."]);
        }
        var fromFile = catalogueFile(year);
        var areas = new List<(string Title, List<Recommendation> Recommendations)>();
        var recommendations = new Dictionary<string, Recommendation>(StringComparer.Ordinal);
        var seen = new Dictionary<(int Code, string Id), int>();
        var answers = new Dictionary<int, List<Answer>>();
        var submittedAt = new Dictionary<int, DateTimeOffset?>();
        foreach (var row in table.Rows)
        {
            string Cell(int column) => column < row.Cells.Count ? row.Cells[column].Trim() : "";
            void Error(int column, string message)
            {
                if (errors.Count < MaxErrors)
                {
                    errors.Add($"Række {row.Number}, kolonne {YearImportFile.ColumnName(column)} ({RequiredHeadings[column]}): {message}");
                }
            }

            if (!int.TryParse(Cell(CodeColumn), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                Error(CodeColumn, $"\"{Short(Cell(CodeColumn))}\" er ikke et kommunenummer.");
                continue;
            }

            if (!knownMunicipalities.Contains(code))
            {
                Error(CodeColumn, $"kommunenummer {code} findes ikke i jobcenterlisten.");
                continue;
            }

            var id = Cell(IdColumn);
            var obligationText = Cell(ObligationColumn).ToUpperInvariant();
            Obligation? obligation = obligationText switch { "SKAL" => Obligation.Skal, "KAN" => Obligation.Kan, _ => null };
            Recommendation? recommendation;
            if (fromFile is not null)
            {
                recommendation = fromFile.Find(id);
                if (recommendation is null)
                {
                    Error(IdColumn, $"anbefalingen \"{Short(id)}\" findes ikke i kataloget for {year}.");
                    continue;
                }

                if (obligation is not null && obligation != recommendation.Obligation)
                {
                    Error(ObligationColumn, $"anbefaling {id} er en {DocumentText.Obligation(recommendation.Obligation)}-anbefaling i kataloget for {year}, ikke {obligationText}.");
                    continue;
                }
            }
            else
            {
                if (id.Length == 0 || id.Length > 20 || !id.All(char.IsLetterOrDigit))
                {
                    Error(IdColumn, $"\"{Short(id)}\" er ikke et anbefalingsnummer (fx V1, B3).");
                    continue;
                }

                if (obligation is null)
                {
                    Error(ObligationColumn, $"\"{Short(Cell(ObligationColumn))}\" skal være SKAL eller KAN.");
                    continue;
                }

                var areaTitle = Cell(AreaColumn);
                var text = Cell(TextColumn);
                if (areaTitle.Length == 0 || text.Length == 0)
                {
                    Error(areaTitle.Length == 0 ? AreaColumn : TextColumn, "skal udfyldes, når der ikke findes et katalog for året.");
                    continue;
                }

                if (areaTitle.Length > MaxAreaTitleLength)
                {
                    Error(AreaColumn, $"områdets navn har {Number(areaTitle.Length)} tegn; højst {Number(MaxAreaTitleLength)} kan gemmes.");
                    continue;
                }

                if (text.Length > MaxRecommendationTextLength)
                {
                    Error(TextColumn, $"anbefalingens tekst har {Number(text.Length)} tegn; højst {Number(MaxRecommendationTextLength)} kan gemmes.");
                    continue;
                }

                if (recommendations.TryGetValue(id, out recommendation))
                {
                    var area = areas.First(a => a.Recommendations.Contains(recommendation));
                    if (recommendation.Obligation != obligation || recommendation.Text != text || area.Title != areaTitle)
                    {
                        Error(TextColumn, $"anbefaling {id} har en anden tekst, et andet område eller SKAL/KAN end i de tidligere rækker.");
                        continue;
                    }
                }
                else
                {
                    if (recommendations.Count >= MaxRecommendations)
                    {
                        Error(IdColumn, $"anbefaling {id} er nr. {recommendations.Count + 1} i filen; højst {MaxRecommendations} anbefalinger kan gemmes for et år.");
                        continue;
                    }

                    var areaIndex = areas.FindIndex(a => a.Title == areaTitle);
                    if (areaIndex < 0)
                    {
                        areas.Add((areaTitle, []));
                        areaIndex = areas.Count - 1;
                    }

                    recommendation = new Recommendation(id, "omraade-" + (areaIndex + 1).ToString(CultureInfo.InvariantCulture), obligation.Value, text);
                    recommendations[id] = recommendation;
                    areas[areaIndex].Recommendations.Add(recommendation);
                }
            }

            if (seen.TryGetValue((code, id), out var firstRow))
            {
                Error(IdColumn, $"kommune {code} og anbefaling {id} står også i række {firstRow}; hver kommune må kun have én række pr. anbefaling.");
                continue;
            }

            seen[(code, id)] = row.Number;
            var statusText = Cell(StatusColumn);
            var remark = row.Cells.Count > RemarkColumn ? row.Cells[RemarkColumn] : "";
            if (remark.Length > MaxRemarkLength)
            {
                Error(RemarkColumn, $"bemærkningen har {Number(remark.Length)} tegn; højst {Number(MaxRemarkLength)} kan gemmes (som i skemaet). Forkort den og prøv igen.");
                continue;
            }

            var submittedText = Cell(SubmittedColumn);
            if (!TryStatus(statusText, out var answered, out var rating))
            {
                Error(StatusColumn, $"\"{Short(statusText)}\" er ikke en status. Brug Grøn, Gul, Rød, Ikke relevant, Uden status eller lad feltet stå tomt (ikke svaret).");
                continue;
            }

            if (rating == Rating.IkkeRelevant && recommendation.Obligation == Obligation.Skal)
            {
                Error(StatusColumn, $"\"Ikke relevant\" kan kun bruges ved KAN-anbefalinger; {id} er en SKAL-anbefaling.");
                continue;
            }

            DateTimeOffset? at = null;
            if (submittedText.Length > 0)
            {
                if (!TryDate(submittedText, out var parsed))
                {
                    Error(SubmittedColumn, $"\"{Short(submittedText)}\" er ikke et tidspunkt (skriv fx 2026-02-20 14:05).");
                    continue;
                }

                if (DanishDates.ToCopenhagen(parsed).Year != year)
                {
                    Error(SubmittedColumn, $"{DanishDates.DateAndTime(parsed)} ligger ikke i {year}, som filen er for. Et svar for {year} er indsendt i {year}; ret tidspunktet eller året.");
                    continue;
                }

                at = parsed;
            }

            if (!answered)
            {
                if (remark.Trim().Length > 0 || at is not null)
                {
                    Error(StatusColumn, "rækken har en bemærkning eller et indsendt-tidspunkt, men ingen status. Skriv \"Uden status\", hvis jobcentret svarede uden at give en status.");
                }

                continue;
            }

            if (!answers.TryGetValue(code, out var list))
            {
                answers[code] = list = [];
            }

            list.Add(new Answer(id, rating, DocumentText.XmlSafe(remark)));
            if (at is not null && (!submittedAt.TryGetValue(code, out var earlier) || earlier is null || at > earlier))
            {
                submittedAt[code] = at;
            }
            else
            {
                submittedAt.TryAdd(code, null);
            }
        }

        if (errors.Count > 0)
        {
            throw new ImportValidationException(errors);
        }

        var catalogue = fromFile?.ForYear(year) ?? new Domain.Catalogue(
            year,
            $"Anbefalinger {year} (indlæst fra fil)",
            areas.Select((a, i) => new CatalogueArea("omraade-" + (i + 1).ToString(CultureInfo.InvariantCulture), a.Title, "", a.Recommendations)).ToList());
        var notes = new List<string>();
        var fallback = CopenhagenMarch(year);
        var missingTime = submittedAt.Where(p => p.Value is null).Select(p => p.Key).Order().ToList();
        if (missingTime.Count > 0)
        {
            notes.Add($"{missingTime.Count} kommuner har ikke et indsendt-tidspunkt; det sættes til {DanishDates.DateAndTime(fallback)}.");
        }

        var submissions = answers
            .OrderBy(p => p.Key)
            .Select(p => new SubmittedAnswers(
                p.Key,
                catalogue.AllRecommendations.Select(r => p.Value.FirstOrDefault(a => a.RecommendationId == r.Id)).OfType<Answer>().ToList(),
                submittedAt.GetValueOrDefault(p.Key) ?? fallback,
                ImportedBy))
            .ToList();
        return new ImportPlan(year, catalogue, fromFile is not null, submissions, table.Rows.Count, notes);
    }

    private static void CheckHeadings(IReadOnlyList<string> headings)
    {
        var errors = new List<string>();
        for (var c = 0; c < RequiredHeadings.Count; c++)
        {
            var found = c < headings.Count ? headings[c].Trim() : "";
            if (!string.Equals(found, RequiredHeadings[c], StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(found.Length == 0
                    ? $"Række 1, kolonne {YearImportFile.ColumnName(c)}: overskriften \"{RequiredHeadings[c]}\" mangler."
                    : $"Række 1, kolonne {YearImportFile.ColumnName(c)}: overskriften er \"{Short(found)}\", men skal være \"{RequiredHeadings[c]}\".");
            }
        }

        if (errors.Count > 0)
        {
            errors.Add("Filen skal have kolonnerne fra Fremdrifts Excel-udtræk i samme rækkefølge: " + string.Join(", ", RequiredHeadings) + ".");
            throw new ImportValidationException(errors);
        }
    }

    private static int ReadYear(ImportTable table, List<string> errors)
    {
        var years = new Dictionary<int, int>();
        foreach (var row in table.Rows)
        {
            var text = row.Cells.Count > 0 ? row.Cells[YearColumn].Trim() : "";
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100)
            {
                errors.Add($"Række {row.Number}, kolonne A (År): \"{Short(text)}\" er ikke et årstal.");
                continue;
            }

            years.TryAdd(year, row.Number);
        }

        if (years.Count > 1)
        {
            errors.Add($"Filen har svar fra flere år ({string.Join(", ", years.Keys.Order())}); indlæs ét år ad gangen. Række {years.Values.Max()} er den første med et andet år end række {years.Values.Min()}.");
        }

        if (years.Count == 0)
        {
            throw new ImportValidationException(errors);
        }

        // The rest of the file is still checked against the first row's year, so every error shows at once.
        return years.MinBy(p => p.Value).Key;
    }

    private static bool TryStatus(string text, out bool answered, out Rating? rating)
    {
        answered = true;
        rating = null;
        switch (text.ToLowerInvariant())
        {
            case "": answered = false; return true;
            case "grøn": rating = Rating.Groen; return true;
            case "gul": rating = Rating.Gul; return true;
            case "rød": rating = Rating.Roed; return true;
            case "ikke relevant": rating = Rating.IkkeRelevant; return true;
            case "uden status": return true;
            default: return false;
        }
    }

    /// <summary>An Excel date serial (the export's "Indsendt"), or "yyyy-mm-dd hh:mm" / "dd-mm-yyyy hh:mm" as text, in Danish local time.</summary>
    private static bool TryDate(string text, out DateTimeOffset at)
    {
        at = default;
        DateTime local;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 1 and < 2958465)
        {
            local = DateTime.FromOADate(serial);
            local = new DateTime(local.Ticks - local.Ticks % TimeSpan.TicksPerSecond + (local.Ticks % TimeSpan.TicksPerSecond >= TimeSpan.TicksPerSecond / 2 ? TimeSpan.TicksPerSecond : 0), DateTimeKind.Unspecified);
        }
        else if (!DateTime.TryParseExact(
            text,
            ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd", "dd-MM-yyyy HH:mm", "dd-MM-yyyy", "d.M.yyyy HH:mm", "d.M.yyyy"],
            CultureInfo.InvariantCulture,
            DateTimeStyles.None,
            out local))
        {
            return false;
        }

        at = FromCopenhagen(local);
        return true;
    }

    private static DateTimeOffset FromCopenhagen(DateTime local)
    {
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");
        }
        catch (TimeZoneNotFoundException)
        {
            zone = TimeZoneInfo.CreateCustomTimeZone("CET", TimeSpan.FromHours(1), "CET", "CET");
        }

        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified)).ToUniversalTime();
    }

    private static DateTimeOffset CopenhagenMarch(int year) => FromCopenhagen(new DateTime(year, 3, 1, 12, 0, 0, DateTimeKind.Unspecified));

    private static string Number(int n) => n.ToString("N0", CultureInfo.GetCultureInfo("da-DK"));

    private static string Short(string text) => DocumentText.XmlSafe(text.Length > 60 ? text[..57] + "…" : text);
}
