using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;
using Fremdrift.Tests.Infrastructure;
using static Fremdrift.Tests.Bilag.BilagTestData;

namespace Fremdrift.Tests.Bilag;

/// <summary>
/// The import under hostile and clumsy files (zip bombs, a shared string table of millions, oversized cells, mixed
/// encodings, a future year, dates outside the year), two confirms at once, and the deletion and replacement of an
/// imported year, on real Azurite.
/// </summary>
public partial class YearImportTests
{
    /// <summary>The hidden fields of the preview's or a confirmation page's form, as the browser would post them.</summary>
    private static List<KeyValuePair<string, string>> HiddenFields(string html) =>
        Regex.Matches(html, "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")
            .Select(m => new KeyValuePair<string, string>(m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value)))
            .ToList();

    private static string Text(PageResult result) => WebUtility.HtmlDecode(Raw(result));

    private static string Raw(PageResult result) => Encoding.UTF8.GetString(result.Body);

    /// <summary>
    /// A minimal workbook written part by part, so a test can make a part of any size without holding it: the sheet
    /// (and optionally the shared strings) come from writers that stream into the zip.
    /// </summary>
    private static byte[] RawXlsx(Action<StreamWriter> sheetData, Action<StreamWriter>? sharedStrings = null)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string name, Action<StreamWriter> write)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
                write(writer);
            }

            Part("[Content_Types].xml", w => w.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/><Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>"));
            Part("_rels/.rels", w => w.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
            Part("xl/workbook.xml", w => w.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Svar\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"));
            Part("xl/_rels/workbook.xml.rels", w => w.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"));
            Part("xl/worksheets/sheet1.xml", w =>
            {
                w.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
                sheetData(w);
                w.Write("</sheetData></worksheet>");
            });
            if (sharedStrings is not null)
            {
                Part("xl/sharedStrings.xml", w =>
                {
                    w.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
                    sharedStrings(w);
                    w.Write("</sst>");
                });
            }
        }

        return stream.ToArray();
    }

    /// <summary>The rows of <see cref="Rows"/> as inline-string cells of a sheet.</summary>
    private static void SheetRows(StreamWriter w, List<string[]> rows)
    {
        for (var r = 0; r < rows.Count; r++)
        {
            w.Write($"<row r=\"{r + 1}\">");
            for (var c = 0; c < rows[r].Length; c++)
            {
                w.Write($"<c r=\"{YearImportFile.ColumnName(c)}{r + 1}\" t=\"inlineStr\"><is><t>{System.Security.SecurityElement.Escape(rows[r][c])}</t></is></c>");
            }

            w.Write("</row>");
        }
    }

    [Fact]
    public async Task A_small_xlsx_whose_sheet_inflates_to_80_MB_is_refused_before_anything_past_the_limit_is_inflated()
    {
        var world = await World.CreateAsync();
        var rows = Rows(2025);
        // 80 MB of empty rows after the real ones: about 100 KB as a file.
        var bomb = RawXlsx(w =>
        {
            SheetRows(w, rows);
            for (var r = 0; r < 80 * 1024 * 1024 / "<row/>".Length; r++)
            {
                w.Write("<row/>");
            }
        });
        Assert.InRange(bomb.Length, 1, 1024 * 1024);

        var refused = Assert.Throws<ImportFileException>(() => YearImportFile.Read(bomb, "svar.xlsx"));
        var page = await world.Page.PreviewAsync(BasePath, "svar.xlsx", bomb, default);

        Assert.Contains("mere end 64 MB, når den pakkes ud", refused.Message, StringComparison.Ordinal);
        Assert.True(refused.InflatedBytes <= ImportLimits.Default.MaxUncompressedBytes, $"{refused.InflatedBytes} bytes inflated");
        Assert.Equal(400, page.Status);
        Assert.Contains("højst 64 MB kan indlæses", Text(page), StringComparison.Ordinal);
        await world.AssertNothingStoredAsync(2025);
    }

    [Fact]
    public void A_sheet_is_read_as_a_stream_and_refused_at_the_row_limit_not_after_reading_all_of_it()
    {
        // Within the byte limit but with a million blank rows: the row count stops the reader, long before the end.
        var rows = Rows(2025);
        var blankRows = 1_000_000;
        var file = RawXlsx(w =>
        {
            SheetRows(w, rows);
            for (var r = 0; r < blankRows; r++)
            {
                w.Write("<row/>");
            }
        });

        var refused = Assert.Throws<ImportFileException>(() => YearImportFile.Read(file, "svar.xlsx"));

        Assert.Contains("mere end 50.000 rækker", refused.Message, StringComparison.Ordinal);
        Assert.True(refused.InflatedBytes < blankRows * "<row/>".Length / 4, $"{refused.InflatedBytes} bytes inflated before the refusal");
    }

    [Fact]
    public async Task Two_million_unused_shared_strings_are_refused_while_the_table_is_read()
    {
        var world = await World.CreateAsync();
        const int count = 2_000_000;
        var file = RawXlsx(w => SheetRows(w, Rows(2025)), w =>
        {
            for (var i = 0; i < count; i++)
            {
                w.Write("<si><t>x</t></si>");
            }
        });

        var refused = Assert.Throws<ImportFileException>(() => YearImportFile.Read(file, "svar.xlsx"));
        var page = await world.Page.PreviewAsync(BasePath, "svar.xlsx", file, default);

        Assert.Contains("mere end 300.000 tekster", refused.Message, StringComparison.Ordinal);
        // Refused at the 300,001st entry: about a sixth of the table inflated, not all of it.
        Assert.True(refused.InflatedBytes < count * "<si><t>x</t></si>".Length / 4, $"{refused.InflatedBytes} bytes inflated before the refusal");
        Assert.Equal(400, page.Status);
        await world.AssertNothingStoredAsync(2025);
    }

    [Fact]
    public async Task A_workbook_read_as_a_stream_still_round_trips_shared_strings_rich_text_and_numbers()
    {
        var world = await World.CreateAsync();
        var rows = Rows(2025);
        var strings = rows.SelectMany(r => r).Distinct().ToList();
        var index = strings.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
        var file = RawXlsx(
            w =>
            {
                for (var r = 0; r < rows.Count; r++)
                {
                    w.Write($"<row r=\"{r + 1}\">");
                    for (var c = 0; c < rows[r].Length; c++)
                    {
                        w.Write(c == 0 && r > 0
                            ? $"<c r=\"A{r + 1}\"><v>{rows[r][c]}</v></c>"
                            : $"<c r=\"{YearImportFile.ColumnName(c)}{r + 1}\" t=\"s\"><v>{index[rows[r][c]]}</v></c>");
                    }

                    w.Write("</row>");
                }
            },
            w =>
            {
                foreach (var s in strings)
                {
                    // Rich text in two runs, with a phonetic hint that is not part of the text.
                    var half = s.Length / 2;
                    w.Write($"<si><r><t xml:space=\"preserve\">{System.Security.SecurityElement.Escape(s[..half])}</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">{System.Security.SecurityElement.Escape(s[half..])}</t></r><rPh sb=\"0\" eb=\"1\"><t>ヒント</t></rPh></si>");
                }
            });

        await world.ImportAsync(file);

        var stored = (await world.Responses.GetAsync(2025, int.Parse(rows[1][1], CultureInfo.InvariantCulture)))!;
        Assert.Equal("bemærkning 0", stored.Submitted.Single(a => a.RecommendationId == rows[1][5]).Remark);
        Assert.Equal(27, (await world.Responses.ListAsync(2025)).Count);
    }

    [Fact]
    public async Task A_40000_character_remark_is_refused_in_the_preview_with_its_row_and_column_and_nothing_is_stored()
    {
        var world = await World.CreateAsync();
        var rows = Rows(2025);
        rows[21][9] = new string('æ', 40_000);

        var page = await world.Page.PreviewAsync(BasePath, "svar.xlsx", Xlsx(rows), default);

        Assert.Equal(400, page.Status);
        Assert.Contains("Række 22, kolonne J (Bemærkninger): bemærkningen har 40.000 tegn; højst 4.000 kan gemmes", Text(page), StringComparison.Ordinal);
        await world.AssertNothingStoredAsync(2025);
    }

    [Fact]
    public async Task A_year_with_more_recommendations_than_a_response_row_can_hold_is_refused_in_the_preview_naming_the_row()
    {
        var world = await World.CreateAsync();
        var rows = Rows(2025).Take(1).ToList();
        for (var i = 1; i <= 101; i++)
        {
            rows.Add(["2025", "101", "København", "Jobcenter København", "Område", "V" + i.ToString(CultureInfo.InvariantCulture), "SKAL", "Tekst " + i.ToString(CultureInfo.InvariantCulture), "Grøn", new string('ø', 4000), "2025-02-20 14:05", "", ""]);
        }

        var page = await world.Page.PreviewAsync(BasePath, "svar.xlsx", Xlsx(rows), default);

        Assert.Equal(400, page.Status);
        Assert.Contains("Række 102, kolonne F (Anbefaling): anbefaling V101 er nr. 101 i filen; højst 100 anbefalinger", Text(page), StringComparison.Ordinal);
        await world.AssertNothingStoredAsync(2025);
    }

    [Fact]
    public async Task A_csv_with_a_utf8_bom_followed_by_invalid_bytes_is_refused_naming_the_row()
    {
        var world = await World.CreateAsync();
        var rows = Rows(2025);
        var before = Encoding.UTF8.GetBytes(Csv(rows.Take(6).ToList()));
        var bad = Encoding.UTF8.GetBytes("2025;101;x;y;z;V1;SKAL;t;Grøn;Bem");
        byte[] file = [0xEF, 0xBB, 0xBF, .. before, .. bad, 0xE6, 0xFF, .. "rkning\r\n"u8];

        var page = await world.Page.PreviewAsync(BasePath, "svar.csv", file, default);

        Assert.Equal(400, page.Status);
        Assert.Contains("Række 7: filen er gemt som UTF-8", Text(page), StringComparison.Ordinal);
        await world.AssertNothingStoredAsync(2025);
    }

    [Fact]
    public async Task A_windows_1252_csv_with_one_utf8_remark_is_refused_naming_the_row_instead_of_storing_mojibake()
    {
        var world = await World.CreateAsync();
        var rows = Rows(2025);
        rows[1][9] = "Bemærkning i Windows-1252";
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var cp1252 = Encoding.GetEncoding(1252);
        var lines = Csv(rows).Split("\r\n");
        var file = lines.Select((line, i) => i == 9 ? Encoding.UTF8.GetBytes(line.Replace("bemærkning", "Bemærkning", StringComparison.Ordinal)) : cp1252.GetBytes(line))
            .Aggregate(new List<byte>(), (all, line) => { all.AddRange(line); all.AddRange("\r\n"u8.ToArray()); return all; })
            .ToArray();

        var page = await world.Page.PreviewAsync(BasePath, "svar.csv", file, default);

        Assert.Equal(400, page.Status);
        Assert.Contains("Række 10: filen er gemt som Windows-1252, men denne række har tegn i UTF-8", Text(page), StringComparison.Ordinal);
        await world.AssertNothingStoredAsync(2025);
    }

    [Fact]
    public async Task A_year_after_the_current_one_is_refused_so_it_cannot_block_its_own_cycle()
    {
        var world = await World.CreateAsync(); // the clock is in March 2027

        var page = await world.Page.PreviewAsync(BasePath, "svar.xlsx", Xlsx(Rows(2028)), default);

        Assert.Equal(400, page.Status);
        Assert.Contains("2028 ligger efter det nuværende år (2027)", Text(page), StringComparison.Ordinal);
        await world.AssertNothingStoredAsync(2028);
    }

    [Fact]
    public async Task A_submit_dated_outside_the_year_the_file_claims_is_an_error_naming_the_row()
    {
        var world = await World.CreateAsync();
        var rows = Rows(2025);
        rows[5][10] = "2027-02-20 14:05";

        var page = await world.Page.PreviewAsync(BasePath, "svar.xlsx", Xlsx(rows), default);

        Assert.Equal(400, page.Status);
        Assert.Contains("Række 6, kolonne K (Indsendt): ", Text(page), StringComparison.Ordinal);
        Assert.Contains("ligger ikke i 2025", Text(page), StringComparison.Ordinal);
        await world.AssertNothingStoredAsync(2025);
    }

    [Fact]
    public async Task Every_error_in_a_file_is_reported_at_once_a_formula_cell_hides_none_of_them()
    {
        var world = await World.CreateAsync();
        var rows = Rows(2025);
        rows[4][8] = "Blå";
        rows[9][1] = "999";
        rows[12][10] = "i går";
        rows[20][9] = "=SUM(A1:A2)";
        rows[30][8] = "Lilla";
        rows[40][5] = "V-1";
        rows[50][8] = "Ikke relevant";
        var csv = Encoding.UTF8.GetBytes(Csv(rows));

        var html = Text(await world.Page.PreviewAsync(BasePath, "svar.csv", csv, default));
        var xlsx = Text(await world.Page.PreviewAsync(BasePath, "svar.xlsx", Xlsx(rows, formulaAt: (3, 8)), default));

        foreach (var row in new[] { 5, 10, 13, 21, 31, 41 })
        {
            Assert.Contains($"Række {row}, kolonne", html, StringComparison.Ordinal);
        }

        Assert.Contains("Række 21, kolonne J: cellen begynder med \"=\"", html, StringComparison.Ordinal);
        Assert.Contains("Række 4, kolonne I: cellen indeholder en formel", xlsx, StringComparison.Ordinal);
        Assert.Contains("Række 5, kolonne I (Status): \"Blå\"", xlsx, StringComparison.Ordinal);
        Assert.Contains("Række 31, kolonne I (Status): \"Lilla\"", xlsx, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_preview_names_who_answered_and_who_did_not_by_municipality()
    {
        var world = await World.CreateAsync();

        var html = Text(await world.Page.PreviewAsync(BasePath, "svar.xlsx", Export(2025), default));

        Assert.Contains("Svarede ikke (2): Bornholm, Dragør", html, StringComparison.Ordinal);
        Assert.Matches("Svarede \\(27\\): Albertslund, Allerød, Ballerup, ", html);
        Assert.DoesNotContain("147, 151", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_different_files_confirmed_at_once_for_one_year_store_exactly_one_of_them_and_tell_the_other()
    {
        var world = await World.CreateAsync();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var year = 2021 + attempt;
            var a = Rows(year);
            var b = Rows(year);
            foreach (var row in a.Skip(1).Where(r => r[9].Length > 0))
            {
                row[9] = "fil A";
            }

            foreach (var row in b.Skip(1).Where(r => r[9].Length > 0))
            {
                row[9] = "fil B";
                row[8] = row[6] == "SKAL" ? "Rød" : row[8];
            }

            b.RemoveAll(r => r[1] == "101"); // B has one jobcentre fewer
            var previews = new[] { await world.Page.PreviewAsync(BasePath, "a.xlsx", Xlsx(a), default), await world.Page.PreviewAsync(BasePath, "b.xlsx", Xlsx(b), default) };

            var results = await Task.WhenAll(previews.Select(p => Task.Run(() => world.Page.ConfirmAsync(BasePath, new FormFields(HiddenFields(Raw(p))), "sekretariat", default))));

            Assert.Equal([200, 400], results.Select(r => r.Status).Order());
            var loser = Text(results.Single(r => r.Status == 400));
            Assert.Matches("En anden har netop indlæst|er blevet indlæst i mellemtiden|er i gang", loser);
            var stored = await world.Responses.ListAsync(year);
            var remarks = stored.SelectMany(r => r.Submitted).Select(x => x.Remark).Distinct().ToList();
            var winner = Assert.Single(remarks);
            Assert.Equal(winner == "fil A" ? 27 : 26, stored.Count);
            Assert.Equal(ImportRecordState.Done, (await world.Imports.GetAsync(year))!.State);
        }
    }

    [Fact]
    public async Task An_imported_year_is_deleted_after_a_confirmation_page_that_names_what_goes_and_the_deletion_is_audited()
    {
        var world = await World.CreateAsync();
        await world.ImportAsync(Export(2025), "svar 2025.xlsx");

        var confirm = await world.Page.DeletePageAsync(BasePath, "2025", default);
        var html = Text(confirm);
        var fields = HiddenFields(Raw(confirm));
        Assert.Equal(200, confirm.Status);
        Assert.Contains("«svar 2025.xlsx»", html, StringComparison.Ordinal);
        Assert.Contains("Svar fra 27 jobcentre: Albertslund, Allerød", html, StringComparison.Ordinal);
        Assert.Matches("Svar fra 27 jobcentre: [^<]*: \\d+ rækker", html);
        Assert.Contains("Kataloget for 2025 med 16 anbefalinger", html, StringComparison.Ordinal);
        Assert.NotNull(await world.Cycles.GetAsync(2025)); // the page itself deletes nothing

        var done = await world.Page.DeleteAsync(BasePath, "2025", new FormFields(fields), "sekretariat@kkr.example", default);

        Assert.True(done.Status == 200, Text(done));
        Assert.Contains("2025 er slettet", Text(done), StringComparison.Ordinal);
        Assert.Null(await world.Cycles.GetAsync(2025));
        Assert.Empty(await world.Responses.ListAsync(2025));
        Assert.Null(await world.Catalogues.GetAsync(2025));
        Assert.Null(await world.Imports.GetAsync(2025));
        var entry = Assert.Single(await world.Audit.ListAsync(2025), e => e.Action == "Slettede et indlæst år");
        Assert.Equal("sekretariat@kkr.example", entry.Actor);
        Assert.Contains("svar fra 27 jobcentre", entry.Details, StringComparison.Ordinal);
        Assert.Empty(await world.Documents.HistoryAsync(2030, default));

        // The same form posted again (a double click) finds nothing to delete; a new import of the year works.
        Assert.Equal(404, (await world.Page.DeleteAsync(BasePath, "2025", new FormFields(fields), "sekretariat", default)).Status);
        await world.ImportAsync(Export(2025));
    }

    [Fact]
    public async Task A_year_Fremdrift_ran_itself_can_be_neither_deleted_nor_replaced()
    {
        var world = await World.CreateAsync();
        await world.Catalogues.SaveIfMissingAsync(TestCatalogue.ForYear(2025));
        await world.Cycles.CreateAsync(new FollowUpCycle(2025, 2025, SubmittedAt.AddDays(-30), SubmittedAt, ReminderPlan.Default, false, CycleState.Closed, SubmittedAt, "Svarfristen er udløbet.", ""));

        var page = await world.Page.DeletePageAsync(BasePath, "2025", default);
        var post = await world.Page.DeleteAsync(BasePath, "2025", new FormFields([new("version", "ny")]), "sekretariat", default);
        var replace = await world.Page.PreviewAsync(BasePath, "svar.xlsx", Export(2025), default);

        Assert.Equal(409, page.Status);
        Assert.Contains("2025 er kørt i Fremdrift", Text(page), StringComparison.Ordinal);
        Assert.Equal(409, post.Status);
        Assert.Equal(400, replace.Status);
        Assert.Contains("kan hverken slettes eller erstattes", Text(replace), StringComparison.Ordinal);
        Assert.NotNull(await world.Cycles.GetAsync(2025));
        Assert.NotNull(await world.Catalogues.GetAsync(2025));
        Assert.Null(await world.Imports.GetAsync(2025));
    }

    [Fact]
    public async Task An_imported_year_is_replaced_by_a_new_file_after_a_preview_that_names_what_goes_and_a_stale_replace_is_refused()
    {
        var world = await World.CreateAsync();
        await world.ImportAsync(Export(2025), "gammel.xlsx");
        var corrected = Rows(2025);
        foreach (var row in corrected.Skip(1).Where(r => r[9].Length > 0))
        {
            row[9] = "rettet";
        }

        var preview = await world.Page.PreviewAsync(BasePath, "rettet.xlsx", Xlsx(corrected), default);
        var html = Text(preview);
        Assert.Equal(200, preview.Status);
        Assert.Contains("2025 er indlæst i forvejen fra «gammel.xlsx»", html, StringComparison.Ordinal);
        Assert.Contains("Erstat 2025", html, StringComparison.Ordinal);
        Assert.Contains("Svar fra 27 jobcentre", html, StringComparison.Ordinal);

        var done = await world.Page.ConfirmAsync(BasePath, new FormFields(HiddenFields(Raw(preview))), "sekretariat", default);
        Assert.True(done.Status == 200, Text(done));
        Assert.All(await world.Responses.ListAsync(2025), r => Assert.All(r.Submitted, a => Assert.Equal("rettet", a.Remark)));
        Assert.Contains(await world.Audit.ListAsync(2025), e => e.Action == "Erstattede et indlæst år" && e.Details.Contains("«gammel.xlsx»", StringComparison.Ordinal));
        Assert.Contains("«rettet.xlsx»", (await world.Cycles.GetAsync(2025))!.ClosedReason, StringComparison.Ordinal);

        // The first preview's form, posted again, names a version of the import that is gone.
        var again = await world.Page.PreviewAsync(BasePath, "svar.xlsx", Export(2025), default);
        var stale = HiddenFields(Raw(preview)).Select(f => f.Key == "fil" ? new KeyValuePair<string, string>("fil", Regex.Match(Text(again), "name=\"fil\" value=\"([0-9a-f]{64})\"").Groups[1].Value) : f).ToList();
        var refused = await world.Page.ConfirmAsync(BasePath, new FormFields(stale), "sekretariat", default);
        Assert.Equal(400, refused.Status);
        Assert.Contains("En anden har netop indlæst, erstattet eller slettet 2025", Text(refused), StringComparison.Ordinal);
        Assert.All(await world.Responses.ListAsync(2025), r => Assert.All(r.Submitted, a => Assert.Equal("rettet", a.Remark)));
    }

    [Fact]
    public async Task The_local_host_takes_a_473_KB_csv_refuses_an_upload_over_the_limit_with_the_real_limit_and_answers_a_bodiless_confirm_in_Danish()
    {
        await using var server = await TestDevServer.StartAsync();
        using var client = server.SecretariatClient();
        var rows = Rows(2025);
        foreach (var row in rows.Skip(1).Where(r => r[9].Length > 0))
        {
            row[9] = new string('ø', 500) + " " + new string('a', 500);
        }

        var csv = Encoding.UTF8.GetBytes(Csv(rows));
        Assert.InRange(csv.Length, 400 * 1024, YearImportFile.MaxBytes);
        using var upload = new MultipartFormDataContent { { new ByteArrayContent(csv), "fil", "svar.csv" } };
        var preview = await client.PostAsync(BasePath, upload);
        Assert.True(preview.IsSuccessStatusCode, await preview.Content.ReadAsStringAsync());

        using var tooLarge = new MultipartFormDataContent { { new ByteArrayContent(new byte[YearImportFile.MaxBytes + 1000]), "fil", "stor.csv" } };
        var refused = await client.PostAsync(BasePath, tooLarge);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("højst 10 MB kan indlæses", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var bodiless = await client.PostAsync(BasePath + "/bekraeft", null);
        Assert.Equal(HttpStatusCode.BadRequest, bodiless.StatusCode);
        Assert.Contains("Formularen kom ikke med", WebUtility.HtmlDecode(await bodiless.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var json = await client.PostAsync(BasePath + "/bekraeft", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
    }

    [Fact]
    public async Task The_local_host_deletes_an_imported_year_behind_the_sign_in_and_its_cockpit_shows_Indlaest_fra_fil_instead_of_a_timeline()
    {
        await using var server = await TestDevServer.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        using var client = server.SecretariatClient();
        using var upload = new MultipartFormDataContent { { new ByteArrayContent(Export(2025)), "fil", "svar 2025.xlsx" } };
        var preview = await (await client.PostAsync(BasePath, upload)).Content.ReadAsStringAsync();
        var confirmed = await client.PostAsync(BasePath + "/bekraeft", new FormUrlEncodedContent(HiddenFields(preview)));
        Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());

        var cockpit = WebUtility.HtmlDecode(await client.GetStringAsync("/sekretariat?aar=2025"));
        Assert.Contains("Indlæst fra fil «svar 2025.xlsx»", cockpit, StringComparison.Ordinal);
        Assert.DoesNotContain("Påmindelse 1", cockpit, StringComparison.Ordinal);
        Assert.DoesNotContain("(sket)", cockpit, StringComparison.Ordinal);
        Assert.Contains(BasePath + "/2025/slet", cockpit, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(BasePath + "/2025/slet")).StatusCode);
        var page = await client.GetStringAsync(BasePath + "/2025/slet");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(BasePath + "/2025/slet", null)).StatusCode);
        var deleted = await client.PostAsync(BasePath + "/2025/slet", new FormUrlEncodedContent(HiddenFields(page)));
        Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());
        Assert.Null(await server.Get<CycleRepository>().GetAsync(2025));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(BasePath + "/aar/slet")).StatusCode);
    }
}
