using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Fremdrift.Shared.Bilag;

/// <summary>One data row of an import file as text, with its row number in the file (the heading is row 1).</summary>
public sealed record ImportRow(int Number, IReadOnlyList<string> Cells);

/// <summary>A file read as a table of text: its heading row and its data rows (blank rows left out).</summary>
public sealed record ImportTable(IReadOnlyList<string> Headings, IReadOnlyList<ImportRow> Rows);

/// <summary>A file that cannot be read as an import table; the message is Danish and names the row and column where it can.</summary>
internal sealed class ImportFileException(string message) : Exception(message);

/// <summary>
/// Reads an earlier year's answers from an Excel file in the layout of Fremdrift's own export
/// (<see cref="AnswersWorkbookBuilder"/>), or from the same columns as CSV in UTF-8 or Windows-1252 (what Excel
/// writes in Denmark), separated by semicolons (Danish Excel) or commas. Cells are read as text; a formula is
/// refused (its cached value could be anything), a date cell is read as Excel's serial number.
/// </summary>
public static class YearImportFile
{
    /// <summary>A year of 98 municipalities × 60 recommendations is about 2 MB as XLSX; anything far above is not an export.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    private const int MaxRows = 20000;

    public static ImportTable Read(byte[] content, string fileName)
    {
        if (content.Length == 0)
        {
            throw new ImportFileException("Filen er tom.");
        }

        if (content.Length > MaxBytes)
        {
            throw new ImportFileException($"Filen fylder {content.Length / (1024 * 1024)} MB; højst {MaxBytes / (1024 * 1024)} MB kan indlæses. Et udtræk for et år fylder langt mindre.");
        }

        var isZip = content.Length > 4 && content[0] == (byte)'P' && content[1] == (byte)'K';
        if (isZip)
        {
            return ReadWorkbook(content);
        }

        if (fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".xls", StringComparison.OrdinalIgnoreCase))
        {
            throw new ImportFileException("Filen er ikke en Excel-fil (.xlsx), som Fremdrift kan læse. Gem den som \"Excel-projektmappe (*.xlsx)\" eller som CSV.");
        }

        return ReadCsv(content);
    }

    private static ImportTable ReadWorkbook(byte[] content)
    {
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var document = SpreadsheetDocument.Open(stream, false);
            var workbookPart = document.WorkbookPart ?? throw new ImportFileException("Excel-filen har intet regneark.");
            var firstSheet = workbookPart.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault()
                ?? throw new ImportFileException("Excel-filen har intet regneark.");
            var sheetPart = (WorksheetPart)workbookPart.GetPartById(firstSheet.Id!.Value!);
            var shared = workbookPart.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
            var rows = new List<ImportRow>();
            List<string>? headings = null;
            foreach (var row in sheetPart.Worksheet.Descendants<Row>())
            {
                var number = (int)(row.RowIndex?.Value ?? (uint)(rows.Count + (headings is null ? 1 : 2)));
                var cells = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = ColumnIndex(cell.CellReference?.Value) ?? cells.Count;
                    if (cell.CellFormula is not null)
                    {
                        throw new ImportFileException(
                            $"Række {number}, kolonne {ColumnName(column)}: cellen indeholder en formel. Indsæt værdierne som tekst (Indsæt speciel → Værdier) og prøv igen.");
                    }

                    while (cells.Count < column)
                    {
                        cells.Add("");
                    }

                    cells.Add(CellText(cell, shared));
                }

                if (cells.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                if (headings is null)
                {
                    headings = cells;
                    continue;
                }

                if (rows.Count >= MaxRows)
                {
                    throw new ImportFileException($"Filen har mere end {MaxRows} rækker; et år har højst én række pr. kommune og anbefaling.");
                }

                rows.Add(new ImportRow(number, cells));
            }

            return new ImportTable(headings ?? throw new ImportFileException("Regnearket er tomt: der er ingen overskriftsrække."), rows);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or InvalidOperationException or ArgumentException or IOException or FormatException or KeyNotFoundException)
        {
            throw new ImportFileException("Filen kan ikke læses som en Excel-fil (.xlsx). Gem den igen fra Excel som \"Excel-projektmappe (*.xlsx)\".");
        }
    }

    private static string CellText(Cell cell, List<string> shared)
    {
        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? "";
        }

        var value = cell.CellValue?.Text ?? "";
        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < shared.Count
                ? shared[index]
                : throw new ImportFileException("Excel-filen henviser til en tekst, der ikke findes i filen.");
        }

        return value;
    }

    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var index = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z')
            {
                break;
            }

            index = index * 26 + (c - 'A' + 1);
            letters++;
        }

        return letters == 0 || index > 200 ? null : index - 1;
    }

    /// <summary>"A", "B", … as Excel names the column.</summary>
    public static string ColumnName(int index) =>
        index < 26 ? ((char)('A' + index)).ToString() : ColumnName(index / 26 - 1) + (char)('A' + index % 26);

    private static ImportTable ReadCsv(byte[] content)
    {
        var text = Decode(content);
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ImportFileException("Filen er hverken en Excel-fil (.xlsx) eller en CSV-fil.");
        }

        var firstLine = text.Split('\n', 2)[0];
        var separator = firstLine.Count(c => c == ';') >= firstLine.Count(c => c == ',') ? ';' : ',';
        var records = ParseCsv(text, separator);
        var nonBlank = records.Where(r => r.Cells.Any(c => !string.IsNullOrWhiteSpace(c))).ToList();
        if (nonBlank.Count == 0)
        {
            throw new ImportFileException("Filen er tom.");
        }

        if (nonBlank.Count - 1 > MaxRows)
        {
            throw new ImportFileException($"Filen har mere end {MaxRows} rækker; et år har højst én række pr. kommune og anbefaling.");
        }

        foreach (var record in nonBlank.Skip(1))
        {
            for (var c = 0; c < record.Cells.Count; c++)
            {
                // Excel would run a cell that starts with "=" as a formula when the CSV is opened again.
                if (record.Cells[c].StartsWith('='))
                {
                    throw new ImportFileException($"Række {record.Number}, kolonne {ColumnName(c)}: cellen begynder med \"=\" og ligner en formel. Skriv teksten uden \"=\" først.");
                }
            }
        }

        return new ImportTable(nonBlank[0].Cells, nonBlank.Skip(1).Select(r => new ImportRow(r.Number, r.Cells)).ToList());
    }

    /// <summary>UTF-8 (with or without BOM) when the bytes are valid UTF-8, otherwise Windows-1252 (Danish Excel's "CSV (semikolonsepareret)").</summary>
    private static string Decode(byte[] content)
    {
        if (content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF)
        {
            return Encoding.UTF8.GetString(content, 3, content.Length - 3);
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(1252).GetString(content);
        }
    }

    private sealed record CsvRecord(int Number, List<string> Cells);

    /// <summary>RFC 4180: quoted fields may hold separators, doubled quotes and line breaks. Records are numbered as Excel numbers rows.</summary>
    private static List<CsvRecord> ParseCsv(string text, char separator)
    {
        var records = new List<CsvRecord>();
        var cells = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == separator)
            {
                cells.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                cells.Add(field.ToString());
                field.Clear();
                records.Add(new CsvRecord(records.Count + 1, cells));
                cells = [];
                line++;
                recordLine = line;
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new ImportFileException($"Række {records.Count + 1} (linje {recordLine}): et felt med anførselstegn (\") slutter aldrig.");
        }

        if (field.Length > 0 || cells.Count > 0)
        {
            cells.Add(field.ToString());
            records.Add(new CsvRecord(records.Count + 1, cells));
        }

        return records;
    }
}
