using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Fremdrift.Shared.Bilag;

namespace Fremdrift.Benchmarks;

/// <summary>
/// Memory of the year import's reader under hostile files (issue 19: +2,069 MB and an OutOfMemoryException for a
/// sheet inflating to 80 MB, +865 MB for 2 million unused shared strings). Each file is made here, then read by
/// <see cref="YearImportFile.Read(byte[], string)"/> while a sampler records the managed heap and the process's
/// working set; the figure is the peak above what it was before the read. The bound is 100 MB above the base.
/// </summary>
internal static class ImportBenchmark
{
    public static async Task RunAsync()
    {
        var cases = new (string Name, string FileName, Func<byte[]> Make)[]
        {
            ("29 × 16 rows, every remark 4,000 characters (valid)", "stor.xlsx", () => Workbook(w => Rows(w, 29 * 16, 4000), null)),
            ("sheet inflating to 80 MB of empty rows", "bombe.xlsx", () => Workbook(w => Repeat(w, "<row/>", 80 * 1024 * 1024 / 6), null)),
            ("sheet of 49 MB: a million rows of one blank cell", "tomme.xlsx", () => Workbook(w => Repeat(w, "<row><c t=\"inlineStr\"><is><t> </t></is></c></row>", 1_000_000), null)),
            ("2 million unused shared strings", "tekster.xlsx", () => Workbook(w => w.Write("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>År</t></is></c></row>"), w => Repeat(w, "<si><t>x</t></si>", 2_000_000))),
            ("10 MB CSV of line breaks", "linjer.csv", () => Enumerable.Repeat((byte)'\n', YearImportFile.MaxBytes).ToArray()),
            ("10 MB CSV of separators", "felter.csv", () => Enumerable.Repeat((byte)';', YearImportFile.MaxBytes).ToArray()),
            ("10 MB CSV of one quoted field", "felt.csv", () => [(byte)'"', .. Enumerable.Repeat((byte)'a', YearImportFile.MaxBytes - 1)]),
        };
        Console.WriteLine($"{"file",-52} {"bytes",10} {"ms",6} {"peak heap +MB",14} {"peak WS +MB",12}  outcome");
        foreach (var (name, fileName, make) in cases)
        {
            var content = make();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var heapBase = GC.GetTotalMemory(true);
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var wsBase = process.WorkingSet64;
            long heapPeak = heapBase, wsPeak = wsBase;
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                using var self = Process.GetCurrentProcess();
                while (!stop.IsCancellationRequested)
                {
                    heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(false));
                    self.Refresh();
                    wsPeak = Math.Max(wsPeak, self.WorkingSet64);
                    await Task.Delay(2);
                }
            });
            var watch = Stopwatch.StartNew();
            string outcome;
            try
            {
                var table = YearImportFile.Read(content, fileName);
                outcome = $"read: {table.Rows.Count} rows";
            }
            catch (Exception e) when (e.GetType().Name == "ImportFileException")
            {
                outcome = "refused: " + (e.Message.Length > 70 ? e.Message[..70] + "…" : e.Message);
            }

            watch.Stop();
            stop.Cancel();
            await sampler;
            Console.WriteLine($"{name,-52} {content.Length,10} {watch.ElapsedMilliseconds,6} {(heapPeak - heapBase) / 1048576.0,14:F1} {(wsPeak - wsBase) / 1048576.0,12:F1}  {outcome}");
        }
    }

    /// <summary>The export's heading and <paramref name="count"/> rows of inline strings, each with a remark of <paramref name="remark"/> characters.</summary>
    private static void Rows(StreamWriter w, int count, int remark)
    {
        string[] heading = ["År", "Kommunenr.", "Kommune", "Jobcenter", "Område", "Anbefaling", "SKAL/KAN", "Anbefalingstekst", "Status", "Bemærkninger", "Indsendt"];
        var text = new string('æ', remark);
        for (var r = 0; r <= count; r++)
        {
            string[] cells = r == 0 ? heading : ["2025", "101", "København", "Jobcenter København", "Område", "V" + r, "SKAL", "Tekst", "Grøn", text, "2025-02-20 14:05"];
            w.Write("<row>");
            foreach (var cell in cells)
            {
                w.Write("<c t=\"inlineStr\"><is><t>");
                w.Write(cell);
                w.Write("</t></is></c>");
            }

            w.Write("</row>");
        }
    }

    private static void Repeat(StreamWriter w, string text, int times)
    {
        for (var i = 0; i < times; i++)
        {
            w.Write(text);
        }
    }

    private static byte[] Workbook(Action<StreamWriter> sheetData, Action<StreamWriter>? sharedStrings)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string name, Action<StreamWriter> write)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
                write(writer);
            }

            Part("_rels/.rels", w => w.Write("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
            Part("xl/workbook.xml", w => w.Write("<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Svar\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"));
            Part("xl/_rels/workbook.xml.rels", w => w.Write("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"));
            Part("xl/worksheets/sheet1.xml", w =>
            {
                w.Write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
                sheetData(w);
                w.Write("</sheetData></worksheet>");
            });
            if (sharedStrings is not null)
            {
                Part("xl/sharedStrings.xml", w =>
                {
                    w.Write("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
                    sharedStrings(w);
                    w.Write("</sst>");
                });
            }
        }

        return stream.ToArray();
    }
}
