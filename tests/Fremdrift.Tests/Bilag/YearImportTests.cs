using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;
using Fremdrift.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Fremdrift.Tests.Bilag.BilagTestData;
using C = DocumentFormat.OpenXml.Drawing.Charts;

namespace Fremdrift.Tests.Bilag;

/// <summary>Import of earlier years on real Azurite: the round trip, the years it feeds, and malformed files refused with nothing stored.</summary>
public partial class YearImportTests
{
    private const string BasePath = "/sekretariat/indlaes";

    private sealed class World
    {
        public required StorageClients Clients { get; init; }
        public required CycleRepository Cycles { get; init; }
        public required CatalogueRepository Catalogues { get; init; }
        public required ResponseRepository Responses { get; init; }
        public required AuditLogRepository Audit { get; init; }
        public required ImportedYearRepository Imports { get; init; }
        public required CycleDocuments Documents { get; init; }
        public required YearImportPage Page { get; init; }

        public static async Task<World> CreateAsync()
        {
            var clients = await TestAzurite.FreshClientsAsync();
            var time = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
            var cycles = new CycleRepository(clients);
            var catalogues = new CatalogueRepository(clients);
            var directory = new JobcentreRepository(clients);
            var responses = new ResponseRepository(clients);
            var audit = new AuditLogRepository(clients);
            var imports = new ImportedYearRepository(clients);
            await directory.SeedIfEmptyAsync(MunicipalityFile.LoadBuiltInDirectory());
            var documents = new CycleDocuments(clients, cycles, catalogues, directory, responses, time, NullLogger<CycleDocuments>.Instance);
            return new World
            {
                Clients = clients,
                Cycles = cycles,
                Catalogues = catalogues,
                Responses = responses,
                Audit = audit,
                Imports = imports,
                Documents = documents,
                Page = new YearImportPage(clients, cycles, catalogues, directory, responses, audit, imports, documents, time, NullLogger<YearImportPage>.Instance),
            };
        }

        /// <summary>Preview then confirm, as the secretariat clicks it; returns the confirm page.</summary>
        public async Task<string> ImportAsync(byte[] file, string name = "svar.xlsx")
        {
            var preview = await Page.PreviewAsync(BasePath, name, file, default);
            var html = Encoding.UTF8.GetString(preview.Body);
            Assert.True(preview.Status == 200, html);
            var done = await Page.ConfirmAsync(BasePath, new FormFields(HiddenFields(html)), "sekretariat", default);
            var doneHtml = Encoding.UTF8.GetString(done.Body);
            Assert.True(done.Status == 200, doneHtml);
            return doneHtml;
        }

        public async Task AssertNothingStoredAsync(int year, int cyclesBefore = 0)
        {
            Assert.Equal(cyclesBefore, (await Cycles.ListAsync()).Count);
            Assert.Empty(await Responses.ListAsync(year));
            Assert.Empty(await Audit.ListAsync(year));
            Assert.Null(await Imports.GetAsync(year));
            if (cyclesBefore == 0)
            {
                Assert.Null(await Catalogues.GetAsync(year));
            }
        }
    }

    private static readonly DateTimeOffset SubmittedAt = new(2025, 2, 20, 13, 5, 0, TimeSpan.Zero);

    /// <summary>An export of <paramref name="year"/> by Fremdrift itself, with two non-responders and one KAN answer without status.</summary>
    private static byte[] Export(int year, Func<int, int, Rating>? rating = null)
    {
        var recommendations = TestCatalogue.AllRecommendations.ToList();
        var answers = TestDirectory.Where(j => !Missing.Contains(j.MunicipalityCode))
            .Select(j => new SubmittedAnswers(
                j.MunicipalityCode,
                recommendations.Select((r, i) => new Answer(
                    r.Id,
                    j.MunicipalityCode == 101 && r.Obligation == Obligation.Kan ? null : rating?.Invoke(j.MunicipalityCode, i) ?? ExpectedRating(j.MunicipalityCode, r, i),
                    Remark(j.MunicipalityCode, r.Id) + (j.MunicipalityCode == 147 ? "\n=SUM(A1:A2) æøå ÆØÅ" : ""))).ToList(),
                SubmittedAt.AddYears(year - 2025).AddMinutes(j.MunicipalityCode),
                "Jobcenterchef"))
            .ToList();
        return AnswersWorkbookBuilder.Build(new BilagInput(year, TestCatalogue.ForYear(year), TestDirectory, answers, [], SubmittedAt, false));
    }

    [Fact]
    public async Task A_confirm_whose_body_is_not_text_is_refused_in_Danish_with_nothing_stored()
    {
        var world = await World.CreateAsync();

        var refused = await world.Page.ConfirmAsync(BasePath, FormFields.InvalidText, "sekretariat", default);

        Assert.Equal(400, refused.Status);
        Assert.Contains("role=\"alert\"", Encoding.UTF8.GetString(refused.Body), StringComparison.Ordinal);
        await world.AssertNothingStoredAsync(2025);
    }

    [Fact]
    public async Task Export_import_export_round_trips_exactly()
    {
        var world = await World.CreateAsync();
        var original = Export(2025);

        var done = await world.ImportAsync(original);
        var again = await world.Documents.BuildAsync(2025, DocumentKind.Excel, null, default);
        var reexported = (await world.Documents.ReadAsync(again.BlobName, default))!;

        Assert.Contains("er indl", done);
        Assert.Equal(Cells(original), Cells(reexported));
        var audit = Assert.Single(await world.Audit.ListAsync(2025));
        Assert.Equal("Indlæste et tidligere år", audit.Action);
        Assert.Equal(CycleState.Closed, (await world.Cycles.GetAsync(2025))!.State);
    }

    [Fact]
    public async Task Imported_2025_and_2026_feed_the_2027_bilag_with_year_over_year_and_a_trend_chart()
    {
        var world = await World.CreateAsync();
        await world.ImportAsync(Export(2025, (code, i) => (Rating)((code + i) % 3 == 0 ? 1 : 2)));
        await world.ImportAsync(Export(2026, (code, i) => (Rating)((code + 2 * i) % 3)), "svar-2026.xlsx");

        // A live 2027 cycle, as the cycle stores it.
        await world.Catalogues.SaveIfMissingAsync(CatalogueFile.LoadBuiltIn(2027));
        await world.Cycles.CreateAsync(new FollowUpCycle(2027, 2027, SubmittedAt.AddYears(2).AddDays(-30), SubmittedAt.AddYears(2), ReminderPlan.Default, false, CycleState.Closed, SubmittedAt.AddYears(2), "Svarfristen er udløbet.", ""));
        foreach (var submission in Input().ThisYear)
        {
            await world.Responses.SaveAsync(null, SurveyResponse.New(2027, submission.MunicipalityCode) with
            {
                State = ResponseState.Submitted,
                Submitted = submission.Answers,
                SubmittedAt = submission.SubmittedAt,
            });
        }

        var bilag = await world.Documents.BuildAsync(2027, DocumentKind.Bilag, null, default);
        var bytes = (await world.Documents.ReadAsync(bilag.BlobName, default))!;
        using var docx = new DocxReader(bytes);

        var v1 = DocxReader.Rows(docx.TableByCaption(BilagBuilder.DetailCaption("V1")));
        Assert.Equal("Udvikling siden 2026", DocxReader.Text(v1[1][2]));
        foreach (var code in new[] { 101, 147, 151 })
        {
            var v1Recommendation = TestCatalogue.AllRecommendations.First();
            var before = (Rating)((code + 0) % 3);
            var now = ExpectedRating(code, v1Recommendation, 0);
            var row = v1.Single(r => DocxReader.Text(r[0]) == TestDirectory.Single(j => j.MunicipalityCode == code).Municipality);
            Assert.Equal(DocumentText.Change(BilagAnalysis.Compare(before, now), before, 2026), DocxReader.Text(row[2]));
        }

        var trend = DocxReader.Rows(docx.TableByCaption(BilagBuilder.TrendCaption));
        Assert.Equal(["2025", "2026", "2027"], DocxReader.Text(trend[1][1]).Split('\n'));
        using var stream = new MemoryStream(bytes);
        using var document = WordprocessingDocument.Open(stream, false);
        var trendChart = document.MainDocumentPart!.ChartParts.Single(p => p.ChartSpace.Descendants<C.StringPoint>().Any(s => s.InnerText == "2025"));
        Assert.Equal(["2025", "2026", "2027"], trendChart.ChartSpace.Descendants<C.BarChartSeries>().First().GetFirstChild<C.CategoryAxisData>()!.Descendants<C.StringPoint>().Select(p => p.InnerText));
        Assert.Empty(ValidationErrors(bytes));
        var page = Encoding.UTF8.GetString((await world.Page.TrendAsync(BasePath, default)).Body);
        Assert.Contains("<caption>Status pr. anbefaling og år</caption>", page);
        Assert.Contains("<th scope=\"row\">2025</th>", page);
    }

    [Fact]
    public async Task Csv_in_windows_1252_with_semicolons_is_imported_with_danish_letters_intact()
    {
        var world = await World.CreateAsync();
        var rows = Rows(2025);
        rows[1][9] = "Bemærkning; med \"citat\" og linjeskift\nØster Å";
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var csv = Encoding.GetEncoding(1252).GetBytes(Csv(rows));

        await world.ImportAsync(csv, "svar.csv");

        var stored = (await world.Responses.GetAsync(2025, int.Parse(rows[1][1], System.Globalization.CultureInfo.InvariantCulture)))!;
        Assert.Equal("Bemærkning; med \"citat\" og linjeskift\nØster Å", stored.Submitted.Single(a => a.RecommendationId == rows[1][5]).Remark);
        Assert.Equal(Rating.Groen, stored.Submitted.Single(a => a.RecommendationId == rows[1][5]).Rating);
    }

    public static TheoryData<string> MalformedFiles() =>
    [
        "empty file", "50 MB file", "wrong columns", "missing columns", "heading only", "unknown municipality", "municipality not a number",
        "unknown recommendation in the year's catalogue", "status not a status", "Ikke relevant on a SKAL", "duplicate rows", "formula in a cell",
        "csv cell starting with =", "year already in use", "two years in one file", "year not a number", "not a spreadsheet",
        "broken xlsx", "remark without status", "submitted time not a time", "same recommendation with two texts", "SKAL/KAN against the catalogue",
        "unterminated quote in csv",
    ];

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public async Task A_malformed_file_is_refused_with_a_danish_message_and_nothing_is_stored(string what)
    {
        var world = await World.CreateAsync();
        var year = what.Contains("catalogue", StringComparison.Ordinal) ? 2015 : 2025;
        var rows = Rows(year);
        var name = "svar.xlsx";
        var cyclesBefore = 0;
        byte[] file;
        switch (what)
        {
            case "empty file": file = []; break;
            case "50 MB file": file = new byte[50 * 1024 * 1024]; break;
            case "wrong columns": (rows[0][2], rows[0][3]) = (rows[0][3], rows[0][2]); file = Xlsx(rows); break;
            case "missing columns": file = Xlsx(rows.Select(r => r.Take(5).ToArray()).ToList()); break;
            case "heading only": file = Xlsx(rows.Take(1).ToList()); break;
            case "unknown municipality": rows[5][1] = "999"; file = Xlsx(rows); break;
            case "municipality not a number": rows[5][1] = "Kbh"; file = Xlsx(rows); break;
            case "unknown recommendation in the year's catalogue": rows[7][5] = "X9"; file = Xlsx(rows); break;
            case "status not a status": rows[3][8] = "Blå"; file = Xlsx(rows); break;
            case "Ikke relevant on a SKAL": rows[1][8] = "Ikke relevant"; file = Xlsx(rows); break;
            case "duplicate rows": rows.Add(rows[4]); file = Xlsx(rows); break;
            case "formula in a cell": file = Xlsx(rows, formulaAt: (3, 8)); break;
            case "csv cell starting with =": rows[2][9] = "=HYPERLINK(\"http://x.example\")"; file = Encoding.UTF8.GetBytes(Csv(rows)); name = "svar.csv"; break;
            case "year already in use":
                await world.Cycles.CreateAsync(new FollowUpCycle(2025, 2025, SubmittedAt, SubmittedAt, ReminderPlan.Default, false, CycleState.Planned, null, null, ""));
                cyclesBefore = 1;
                file = Xlsx(rows);
                break;
            case "two years in one file": rows[10][0] = "2024"; file = Xlsx(rows); break;
            case "year not a number": rows[1][0] = "i fjor"; file = Xlsx(rows); break;
            case "not a spreadsheet": file = Encoding.UTF8.GetBytes("%PDF-1.7\0\0\0binary"); break;
            case "broken xlsx": file = [.. "PK\u0003\u0004"u8, .. new byte[500]]; break;
            case "remark without status": rows[6][8] = ""; rows[6][10] = ""; file = Xlsx(rows); break;
            case "submitted time not a time": rows[6][10] = "i går"; file = Xlsx(rows); break;
            case "same recommendation with two texts": rows[40][7] = "En anden tekst"; file = Xlsx(rows); break;
            case "SKAL/KAN against the catalogue": rows[1][6] = "KAN"; file = Xlsx(rows); break;
            case "unterminated quote in csv": file = Encoding.UTF8.GetBytes(Csv(rows) + "2025;101;\"aldrig slut"); name = "svar.csv"; break;
            default: throw new ArgumentOutOfRangeException(nameof(what), what, null);
        }

        var result = await world.Page.PreviewAsync(BasePath, name, file, default);
        var html = System.Net.WebUtility.HtmlDecode(Encoding.UTF8.GetString(result.Body));

        Assert.Equal(400, result.Status);
        Assert.Contains("Filen er ikke indlæst; intet er gemt.", html);
        Assert.DoesNotContain("name=\"fil\" value=", html);
        await world.AssertNothingStoredAsync(year, cyclesBefore);
        if (what is not ("empty file" or "50 MB file" or "not a spreadsheet" or "broken xlsx" or "heading only" or "year already in use" or "two years in one file"))
        {
            Assert.Matches("Række \\d+", html);
        }
    }

    [Fact]
    public async Task Every_wrong_row_is_named_with_its_row_and_column()
    {
        var world = await World.CreateAsync();
        var rows = Rows(2025);
        rows[3][8] = "Blå";
        rows[9][1] = "999";
        rows[1][8] = "Ikke relevant";

        var html = System.Net.WebUtility.HtmlDecode(Encoding.UTF8.GetString((await world.Page.PreviewAsync(BasePath, "svar.xlsx", Xlsx(rows), default)).Body));

        Assert.True(html.Contains("Række 4, kolonne I (Status): \"Blå\" er ikke en status.", StringComparison.Ordinal), html);
        Assert.Contains("Række 10, kolonne B (Kommunenr.)", html);
        Assert.Contains("Række 2, kolonne I (Status): \"Ikke relevant\" kan kun bruges ved KAN-anbefalinger", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_local_host_takes_an_upload_shows_the_preview_and_stores_on_confirm_behind_the_sign_in()
    {
        await using var server = await TestDevServer.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync(BasePath)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync(BasePath + "/udvikling")).StatusCode);
        using var client = server.SecretariatClient();

        var form = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync(BasePath));
        Assert.Contains("enctype=\"multipart/form-data\"", form);
        using var upload = new MultipartFormDataContent { { new ByteArrayContent(Export(2025)), "fil", "svar 2025.xlsx" } };
        var preview = await client.PostAsync(BasePath, upload);
        var html = System.Net.WebUtility.HtmlDecode(await preview.Content.ReadAsStringAsync());
        Assert.True(preview.IsSuccessStatusCode, html);
        Assert.Contains("Intet er gemt endnu", html);
        Assert.Null(await server.Get<CycleRepository>().GetAsync(2025));

        var hash = System.Text.RegularExpressions.Regex.Match(html, "name=\"fil\" value=\"([0-9a-f]{64})\"").Groups[1].Value;
        var confirmed = await client.PostAsync(BasePath + "/bekraeft", new FormUrlEncodedContent(new Dictionary<string, string> { ["fil"] = hash }));

        Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());
        Assert.Equal(CycleState.Closed, (await server.Get<CycleRepository>().GetAsync(2025))!.State);
        Assert.Equal(27, (await server.Get<ResponseRepository>().ListAsync(2025)).Count);
        var trend = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync(BasePath + "/udvikling"));
        Assert.Contains("<th scope=\"row\">2025</th>", trend);
        var again = await client.PostAsync(BasePath + "/bekraeft", new FormUrlEncodedContent(new Dictionary<string, string> { ["fil"] = hash }));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task The_import_preview_errors_and_trend_pages_pass_axe_wcag_checks_in_chromium()
    {
        var world = await World.CreateAsync();
        var rows = Rows(2025);
        rows[3][8] = "Blå";
        var errors = Encoding.UTF8.GetString((await world.Page.PreviewAsync(BasePath, "svar.xlsx", Xlsx(rows), default)).Body);
        var preview = Encoding.UTF8.GetString((await world.Page.PreviewAsync(BasePath, "svar.xlsx", Export(2025), default)).Body);
        await world.ImportAsync(Export(2025));
        var trend = Encoding.UTF8.GetString((await world.Page.TrendAsync(BasePath, default)).Body);
        var replace = (await world.Page.PreviewAsync(BasePath, "rettet.xlsx", Xlsx(Rows(2025)), default)).Body;
        var delete = (await world.Page.DeletePageAsync(BasePath, "2025", default)).Body;
        Assert.Contains("Erstat 2025", Encoding.UTF8.GetString(replace), StringComparison.Ordinal);
        Assert.Contains("Slet 2025", Encoding.UTF8.GetString(delete), StringComparison.Ordinal);

        var context = await TestBrowser.NewContextAsync();
        foreach (var html in new[] { (await world.Page.ShowAsync(BasePath, default)).Body, Encoding.UTF8.GetBytes(errors), Encoding.UTF8.GetBytes(preview), Encoding.UTF8.GetBytes(trend), replace, delete })
        {
            var page = await context.NewPageAsync();
            await page.SetContentAsync(Encoding.UTF8.GetString(html));
            Assert.Empty(await TestBrowser.AxeViolationsAsync(page));
        }

        await context.CloseAsync();

        // The delete page on a phone: nothing wider than the screen.
        var phone = await TestBrowser.NewContextAsync(phone: true);
        var onPhone = await phone.NewPageAsync();
        await onPhone.SetContentAsync(Encoding.UTF8.GetString(delete));
        Assert.True(await onPhone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"));
        await phone.CloseAsync();
    }

    /// <summary>The file's rows as text, heading first: 29 municipalities × 16 recommendations, Dragør and Bornholm blank.</summary>
    private static List<string[]> Rows(int year)
    {
        var rows = new List<string[]> { AnswersWorkbookBuilder.Headings(year).ToArray() };
        var catalogue = TestCatalogue;
        foreach (var jobcentre in TestDirectory)
        {
            var answered = !Missing.Contains(jobcentre.MunicipalityCode);
            var index = 0;
            foreach (var area in catalogue.Areas)
            {
                foreach (var r in area.Recommendations)
                {
                    rows.Add(
                    [
                        year.ToString(System.Globalization.CultureInfo.InvariantCulture), jobcentre.MunicipalityCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        jobcentre.Municipality, jobcentre.Name, area.Title, r.Id, r.Obligation == Obligation.Skal ? "SKAL" : "KAN", r.Text,
                        answered ? (r.Obligation == Obligation.Skal ? "Grøn" : "Ikke relevant") : "", answered ? $"bemærkning {index}" : "",
                        answered ? $"{year}-02-20 14:05" : "", "", "",
                    ]);
                    index++;
                }
            }
        }

        return rows;
    }

    private static string Csv(List<string[]> rows) =>
        string.Join("\r\n", rows.Select(r => string.Join(';', r.Select(c => c.Contains(';') || c.Contains('"') || c.Contains('\n') ? "\"" + c.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : c)))) + "\r\n";

    private static byte[] Xlsx(List<string[]> rows, (int Row, int Column)? formulaAt = null)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            for (var r = 0; r < rows.Count; r++)
            {
                var row = new Row { RowIndex = (uint)r + 1 };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    var reference = YearImportFile.ColumnName(c) + (r + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    row.Append(formulaAt == (r, c)
                        ? new Cell(new CellFormula("\"Grøn\""), new CellValue("Grøn")) { CellReference = reference, DataType = CellValues.String }
                        : new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(rows[r][c])) });
                }

                data.Append(row);
            }

            sheetPart.Worksheet = new Worksheet(data);
            workbookPart.Workbook = new Workbook(new Sheets(new Sheet { Name = "Svar", SheetId = 1U, Id = workbookPart.GetIdOfPart(sheetPart) }));
        }

        return stream.ToArray();
    }

    private static List<string[]> Cells(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        using var document = SpreadsheetDocument.Open(stream, false);
        return document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>()
            .Select(r => r.Elements<Cell>().Select(c => c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "").ToArray())
            .ToList();
    }
}
