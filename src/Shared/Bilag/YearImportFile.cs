using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Fremdrift.Shared.Bilag;

/// <summary>One data row of an import file as text, with its row number in the file (the heading is row 1).</summary>
public sealed record ImportRow(int Number, IReadOnlyList<string> Cells);

/// <summary>
/// A file read as a table of text: its heading row and its data rows (blank rows left out), and the errors found in
/// single cells while reading (a formula), which the validation reports together with its own.
/// </summary>
public sealed record ImportTable(IReadOnlyList<string> Headings, IReadOnlyList<ImportRow> Rows)
{
    /// <summary>Errors in single cells found while reading, each naming its row and column.</summary>
    public IReadOnlyList<string> CellErrors { get; init; } = [];
}

/// <summary>
/// How much of a file the reader will take before it refuses it. Every limit is checked while reading, before the
/// next part is read, so a file that inflates to gigabytes (a "zip bomb") costs no more memory than the limit.
/// </summary>
/// <param name="MaxUncompressedBytes">Bytes inflated from the workbook's parts together (each part's declared size is checked before it is opened).</param>
/// <param name="MaxRowElements">Row elements in the sheet, blank ones included.</param>
/// <param name="MaxCells">Cell elements in the sheet, in every column.</param>
/// <param name="MaxSharedStrings">Entries in the workbook's shared string table.</param>
/// <param name="MaxTextCharacters">Characters of text kept from the file (shared strings and cells together).</param>
internal sealed record ImportLimits(long MaxUncompressedBytes, int MaxRowElements, int MaxCells, int MaxSharedStrings, long MaxTextCharacters)
{
    /// <summary>
    /// A year of KKR Hovedstaden (29 jobcentres × 16 recommendations, every remark at the form's 4,000 characters)
    /// is 464 rows and under 2 million characters; the limits leave room for 98 municipalities × 60 recommendations
    /// with ordinary remarks and keep the reader's memory a few tens of megabytes at most.
    /// </summary>
    public static ImportLimits Default { get; } = new(64L * 1024 * 1024, 50_000, 500_000, 300_000, 8_000_000);
}

/// <summary>A file that cannot be read as an import table; the message is Danish and names the row and column where it can.</summary>
internal sealed class ImportFileException(string message) : Exception(message)
{
    /// <summary>How many bytes the reader had inflated from the workbook when it refused it (for the tests of the limits).</summary>
    public long InflatedBytes { get; init; }
}

/// <summary>
/// Reads an earlier year's answers from an Excel file in the layout of Fremdrift's own export
/// (<see cref="AnswersWorkbookBuilder"/>), or from the same columns as CSV in UTF-8 or Windows-1252 (what Excel
/// writes in Denmark), separated by semicolons (Danish Excel) or commas. Cells are read as text; a formula is an
/// error (its cached value could be anything), a date cell is read as Excel's serial number. The workbook is read
/// as a stream of XML from the zip, part by part, under <see cref="ImportLimits"/>; nothing is held but the text.
/// </summary>
public static class YearImportFile
{
    /// <summary>A year of 98 municipalities × 60 recommendations is about 2 MB as XLSX; anything far above is not an export.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    /// <summary>Data rows: a year has one row per municipality and recommendation.</summary>
    public const int MaxRows = 20000;

    /// <summary>Columns kept from a row; the export has 13, and anything to the right of them is ignored.</summary>
    private const int KeptColumns = 16;

    /// <summary>Cells in one CSV line; a line with more is not a table.</summary>
    private const int MaxCsvCells = 200;

    /// <summary>The refusal of a file above <see cref="MaxBytes"/>, the same sentence in both hosts.</summary>
    public static string TooLargeMessage { get; } =
        $"Filen fylder mere end {MaxBytes / (1024 * 1024)} MB; højst {MaxBytes / (1024 * 1024)} MB kan indlæses. Et udtræk for et år fylder langt mindre.";

    public static ImportTable Read(byte[] content, string fileName) => Read(content, fileName, ImportLimits.Default);

    internal static ImportTable Read(byte[] content, string fileName, ImportLimits limits)
    {
        if (content.Length == 0)
        {
            throw new ImportFileException("Filen er tom.");
        }

        if (content.Length > MaxBytes)
        {
            throw new ImportFileException(TooLargeMessage);
        }

        var isZip = content.Length > 4 && content[0] == (byte)'P' && content[1] == (byte)'K';
        if (isZip)
        {
            return new WorkbookReader(content, limits).Read();
        }

        if (fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".xls", StringComparison.OrdinalIgnoreCase))
        {
            throw new ImportFileException("Filen er ikke en Excel-fil (.xlsx), som Fremdrift kan læse. Gem den som \"Excel-projektmappe (*.xlsx)\" eller som CSV.");
        }

        return ReadCsv(content);
    }

    /// <summary>"A", "B", … as Excel names the column.</summary>
    public static string ColumnName(int index) =>
        index < 26 ? ((char)('A' + index)).ToString() : ColumnName(index / 26 - 1) + (char)('A' + index % 26);

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
            if (letters > 3)
            {
                return null;
            }
        }

        return letters == 0 ? null : index - 1;
    }

    private static string Number(long n) => n.ToString("N0", CultureInfo.GetCultureInfo("da-DK"));

    /// <summary>
    /// The workbook read straight from the zip with an <see cref="XmlReader"/> per part (no DTDs, so no entity
    /// expansion): the package relationships to find the workbook, the workbook's to find its first sheet and shared
    /// strings, then the shared strings and the sheet, each through a stream that counts what it inflates.
    /// </summary>
    private sealed class WorkbookReader(byte[] content, ImportLimits limits)
    {
        private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        private const string Unreadable = "Filen kan ikke læses som en Excel-fil (.xlsx). Gem den igen fra Excel som \"Excel-projektmappe (*.xlsx)\".";

        private long _inflated;
        private long _characters;

        public ImportTable Read()
        {
            try
            {
                using var stream = new MemoryStream(content, writable: false);
                using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
                var workbookPath = Target(zip, "_rels/.rels", "", "/officeDocument") ?? "xl/workbook.xml";
                var workbookDir = workbookPath.Contains('/', StringComparison.Ordinal) ? workbookPath[..(workbookPath.LastIndexOf('/') + 1)] : "";
                var relsPath = workbookDir + "_rels/" + workbookPath[workbookDir.Length..] + ".rels";
                var rels = ReadRelationships(zip, relsPath, workbookDir);
                var sheetId = FirstSheetId(zip, workbookPath) ?? throw Refuse("Excel-filen har intet regneark.");
                var sheetPath = rels.FirstOrDefault(r => r.Id == sheetId)?.Target ?? throw Refuse("Excel-filen har intet regneark.");
                var sharedPath = rels.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal))?.Target;
                var shared = sharedPath is null || Entry(zip, sharedPath) is null ? [] : ReadSharedStrings(zip, sharedPath);
                return ReadSheet(zip, sheetPath, shared);
            }
            catch (Exception e) when (e is InvalidDataException or XmlException or IOException or FormatException or ArgumentException or InvalidOperationException or NotSupportedException)
            {
                throw Refuse(Unreadable);
            }
        }

        private ImportFileException Refuse(string message) => new(message) { InflatedBytes = _inflated };

        private ImportFileException TooLarge() => Refuse(
            $"Excel-filen fylder mere end {Number(limits.MaxUncompressedBytes / (1024 * 1024))} MB, når den pakkes ud; højst {Number(limits.MaxUncompressedBytes / (1024 * 1024))} MB kan indlæses. " +
            "Et udtræk for et år fylder langt mindre; tjek, at det er den rigtige fil, og gem den igen uden tomme rækker og ekstra ark.");

        private static ZipArchiveEntry? Entry(ZipArchive zip, string path) =>
            zip.GetEntry(path) ?? zip.Entries.FirstOrDefault(e => string.Equals(e.FullName, path, StringComparison.OrdinalIgnoreCase));

        /// <summary>Opens a part for reading: refused before inflating if its declared size exceeds what is left, and counted while inflating in case the size lies.</summary>
        private XmlReader Open(ZipArchiveEntry entry)
        {
            if (entry.Length > limits.MaxUncompressedBytes - _inflated)
            {
                throw TooLarge();
            }

            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
                CloseInput = true,
            };
            return XmlReader.Create(new CountingStream(entry.Open(), this), settings);
        }

        private void Count(int bytes)
        {
            _inflated += bytes;
            if (_inflated > limits.MaxUncompressedBytes)
            {
                throw TooLarge();
            }
        }

        private void CountText(int characters)
        {
            _characters += characters;
            if (_characters > limits.MaxTextCharacters)
            {
                throw Refuse($"Excel-filen har mere end {Number(limits.MaxTextCharacters)} tegn tekst; højst så meget kan indlæses. Et år har én række pr. kommune og anbefaling.");
            }
        }

        private sealed record Relationship(string Id, string Type, string Target);

        private string? Target(ZipArchive zip, string relsPath, string baseDir, string typeSuffix) =>
            ReadRelationships(zip, relsPath, baseDir).FirstOrDefault(r => r.Type.EndsWith(typeSuffix, StringComparison.Ordinal))?.Target;

        private List<Relationship> ReadRelationships(ZipArchive zip, string relsPath, string baseDir)
        {
            var list = new List<Relationship>();
            if (Entry(zip, relsPath) is not { } entry)
            {
                return list;
            }

            using var reader = Open(entry);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship" && list.Count < 1000)
                {
                    var target = reader.GetAttribute("Target") ?? "";
                    if (reader.GetAttribute("TargetMode") == "External")
                    {
                        continue;
                    }

                    list.Add(new Relationship(reader.GetAttribute("Id") ?? "", reader.GetAttribute("Type") ?? "", Resolve(baseDir, target)));
                }
            }

            return list;
        }

        /// <summary>A relationship's target as a path inside the zip: absolute ("/xl/…") or relative to the source part's folder, with "..".</summary>
        private static string Resolve(string baseDir, string target)
        {
            var path = target.StartsWith('/') ? target[1..] : baseDir + target;
            var parts = new List<string>();
            foreach (var part in path.Split('/'))
            {
                if (part == "..")
                {
                    if (parts.Count > 0)
                    {
                        parts.RemoveAt(parts.Count - 1);
                    }
                }
                else if (part is not ("." or ""))
                {
                    parts.Add(part);
                }
            }

            return string.Join('/', parts);
        }

        private string? FirstSheetId(ZipArchive zip, string workbookPath)
        {
            if (Entry(zip, workbookPath) is not { } entry)
            {
                return null;
            }

            using var reader = Open(entry);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "sheet" && reader.NamespaceURI == Main)
                {
                    return reader.GetAttribute("id", Relationships);
                }
            }

            return null;
        }

        private List<string> ReadSharedStrings(ZipArchive zip, string path)
        {
            var strings = new List<string>();
            using var reader = Open(Entry(zip, path)!);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si" && reader.NamespaceURI == Main)
                {
                    if (strings.Count >= limits.MaxSharedStrings)
                    {
                        throw Refuse($"Excel-filen har mere end {Number(limits.MaxSharedStrings)} tekster i sin teksttabel; højst så mange kan indlæses. Et udtræk for et år har langt færre; gem filen igen fra Excel.");
                    }

                    strings.Add(reader.IsEmptyElement ? "" : RichText(reader));
                }
            }

            return strings;
        }

        /// <summary>
        /// The text of an &lt;si&gt; or &lt;is&gt; element (the reader on its non-empty start): its &lt;t&gt; runs, without
        /// phonetic hints (&lt;rPh&gt;). Leaves the reader on the element's end.
        /// </summary>
        private string RichText(XmlReader reader)
        {
            var depth = reader.Depth;
            var text = new StringBuilder();
            if (!reader.Read())
            {
                throw new XmlException("Unexpected end.");
            }

            while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "rPh")
                {
                    reader.Skip();
                    continue;
                }

                if (reader.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace or XmlNodeType.CDATA && reader.Depth > depth + 1)
                {
                    CountText(reader.Value.Length);
                    text.Append(reader.Value);
                }

                if (!reader.Read())
                {
                    throw new XmlException("Unexpected end.");
                }
            }

            return text.ToString();
        }

        private ImportTable ReadSheet(ZipArchive zip, string path, List<string> shared)
        {
            var entry = Entry(zip, path) ?? throw Refuse("Excel-filen har intet regneark.");
            var rows = new List<ImportRow>();
            var cellErrors = new List<string>();
            List<string>? headings = null;
            var rowElements = 0;
            var cellElements = 0;
            var lastRow = 0;
            using var reader = Open(entry);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "row" || reader.NamespaceURI != Main)
                {
                    continue;
                }

                if (++rowElements > limits.MaxRowElements)
                {
                    throw Refuse($"Regnearket har mere end {Number(limits.MaxRowElements)} rækker (tomme medregnet); et år har højst én række pr. kommune og anbefaling. Slet de tomme rækker og prøv igen.");
                }

                var number = int.TryParse(reader.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : lastRow + 1;
                lastRow = number;
                if (reader.IsEmptyElement)
                {
                    continue;
                }

                var cells = new List<string>();
                var rowDepth = reader.Depth;
                while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == rowDepth))
                {
                    if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "c")
                    {
                        continue;
                    }

                    if (++cellElements > limits.MaxCells)
                    {
                        throw Refuse($"Regnearket har mere end {Number(limits.MaxCells)} celler; et år har 13 kolonner pr. række. Slet de ekstra kolonner og prøv igen.");
                    }

                    var column = ColumnIndex(reader.GetAttribute("r")) ?? cells.Count;
                    var (text, formula) = ReadCell(reader, shared, column < KeptColumns);
                    if (column >= KeptColumns)
                    {
                        continue;
                    }

                    if (formula)
                    {
                        cellErrors.Add($"Række {number}, kolonne {ColumnName(column)}: cellen indeholder en formel. Indsæt værdierne som tekst (Indsæt speciel → Værdier) og prøv igen.");
                    }

                    while (cells.Count < column)
                    {
                        cells.Add("");
                    }

                    if (column < cells.Count)
                    {
                        cells[column] = text;
                    }
                    else
                    {
                        cells.Add(text);
                    }
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
                    throw Refuse($"Filen har mere end {Number(MaxRows)} rækker; et år har højst én række pr. kommune og anbefaling.");
                }

                rows.Add(new ImportRow(number, cells));
            }

            return new ImportTable(headings ?? throw Refuse("Regnearket er tomt: der er ingen overskriftsrække."), rows) { CellErrors = cellErrors };
        }

        /// <summary>One &lt;c&gt; element's text (its shared string, inline string or value) and whether it holds a formula; leaves the reader on the cell's end.</summary>
        private (string Text, bool Formula) ReadCell(XmlReader reader, List<string> shared, bool keep)
        {
            var type = reader.GetAttribute("t");
            if (reader.IsEmptyElement)
            {
                return ("", false);
            }

            var depth = reader.Depth;
            var formula = false;
            string? value = null;
            string? inline = null;
            if (!reader.Read())
            {
                throw new XmlException("Unexpected end.");
            }

            while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Depth == depth + 1)
                {
                    switch (reader.LocalName)
                    {
                        case "f":
                            formula = true;
                            reader.Skip();
                            continue;
                        case "v":
                            value = reader.ReadElementContentAsString();
                            CountText(keep ? value.Length : 0);
                            continue;
                        case "is" when !reader.IsEmptyElement:
                            inline = RichText(reader);
                            break;
                    }
                }

                if (!reader.Read())
                {
                    throw new XmlException("Unexpected end.");
                }
            }

            return (Resolve(type, value, inline, shared), formula);
        }

        private string Resolve(string? type, string? value, string? inline, List<string> shared)
        {
            switch (type)
            {
                case "inlineStr":
                    return inline ?? "";
                case "s":
                    return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < shared.Count
                        ? shared[index]
                        : throw Refuse("Excel-filen henviser til en tekst, der ikke findes i filen.");
                default:
                    return value ?? "";
            }
        }

        /// <summary>The zip entry's stream, counting every inflated byte against the limit as it is read.</summary>
        private sealed class CountingStream(Stream inner, WorkbookReader owner) : Stream
        {
            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                var read = inner.Read(buffer, offset, count);
                owner.Count(read);
                return read;
            }

            public override int Read(Span<byte> buffer)
            {
                var read = inner.Read(buffer);
                owner.Count(read);
                return read;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }

    private static ImportTable ReadCsv(byte[] content)
    {
        var text = Decode(content);
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ImportFileException("Filen er hverken en Excel-fil (.xlsx) eller en CSV-fil.");
        }

        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var firstLine = newline < 0 ? text : text[..newline];
        var separator = firstLine.Count(c => c == ';') >= firstLine.Count(c => c == ',') ? ';' : ',';
        var records = ParseCsv(text, separator);
        var nonBlank = records.Where(r => r.Cells.Any(c => !string.IsNullOrWhiteSpace(c))).ToList();
        if (nonBlank.Count == 0)
        {
            throw new ImportFileException("Filen er tom.");
        }

        if (nonBlank.Count - 1 > MaxRows)
        {
            throw new ImportFileException($"Filen har mere end {Number(MaxRows)} rækker; et år har højst én række pr. kommune og anbefaling.");
        }

        var cellErrors = new List<string>();
        foreach (var record in nonBlank.Skip(1))
        {
            for (var c = 0; c < record.Cells.Count; c++)
            {
                // Excel would run a cell that starts with "=" as a formula when the CSV is opened again.
                if (record.Cells[c].StartsWith('='))
                {
                    cellErrors.Add($"Række {record.Number}, kolonne {ColumnName(c)}: cellen begynder med \"=\" og ligner en formel. Skriv teksten uden \"=\" først.");
                }
            }
        }

        return new ImportTable(nonBlank[0].Cells, nonBlank.Skip(1).Select(r => new ImportRow(r.Number, r.Cells)).ToList()) { CellErrors = cellErrors };
    }

    /// <summary>
    /// The file's text, decoded only when the encoding is certain: valid UTF-8 (with or without a BOM), or else clean
    /// Windows-1252 (Danish Excel's "CSV (semikolonsepareret)"): no byte that Windows-1252 leaves undefined and no
    /// UTF-8 sequence in the middle of it (a remark pasted in from elsewhere would otherwise be stored as "Ã¦").
    /// Anything else is refused, naming the row where the file stops being one or the other.
    /// </summary>
    private static string Decode(byte[] content)
    {
        var bom = content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF;
        var start = bom ? 3 : 0;
        var invalid = FirstInvalidUtf8(content.AsSpan(start));
        if (invalid < 0)
        {
            return Encoding.UTF8.GetString(content, start, content.Length - start);
        }

        if (bom)
        {
            throw new ImportFileException(
                $"Række {RowAt(content, start + invalid)}: filen er gemt som UTF-8 (den begynder med UTF-8's kendetegn), men her står tegn, der ikke er gyldig UTF-8. " +
                "Gem filen igen fra Excel som \"CSV UTF-8 (kommasepareret)\", eller ret rækken.");
        }

        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] is 0x81 or 0x8D or 0x8F or 0x90 or 0x9D)
            {
                throw new ImportFileException(
                    $"Række {RowAt(content, i)}: filen er hverken gyldig UTF-8 eller Windows-1252 (byte 0x{content[i]:X2} findes ikke i Windows-1252). " +
                    "Gem filen igen fra Excel som \"CSV UTF-8 (kommasepareret)\".");
            }
        }

        var mixed = FirstUtf8Sequence(content);
        if (mixed >= 0)
        {
            throw new ImportFileException(
                $"Række {RowAt(content, mixed)}: filen er gemt som Windows-1252, men denne række har tegn i UTF-8 (fx æ gemt som \"Ã¦\"); filen blander to tegnsæt. " +
                "Gem hele filen igen fra Excel som \"CSV UTF-8 (kommasepareret)\".");
        }

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252).GetString(content);
    }

    /// <summary>The offset of the first byte that does not begin a valid UTF-8 sequence, or -1 when all of it is valid.</summary>
    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return -1;
    }

    /// <summary>The offset of the first multi-byte UTF-8 sequence (a lead byte followed by its continuation bytes), or -1.</summary>
    private static int FirstUtf8Sequence(byte[] bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] >= 0xC2 && bytes[i] <= 0xF4
                && System.Text.Rune.DecodeFromUtf8(bytes.AsSpan(i), out _, out var consumed) == System.Buffers.OperationStatus.Done
                && consumed > 1)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The CSV row (numbered as Excel numbers rows) that holds the byte at <paramref name="offset"/>; separators, quotes and line breaks are ASCII in both encodings.</summary>
    private static int RowAt(byte[] content, int offset)
    {
        var row = 1;
        var quoted = false;
        for (var i = 0; i < offset && i < content.Length; i++)
        {
            var b = content[i];
            if (b == (byte)'"')
            {
                quoted = !quoted;
            }
            else if (!quoted && (b == (byte)'\n' || (b == (byte)'\r' && (i + 1 >= content.Length || content[i + 1] != (byte)'\n'))))
            {
                row++;
            }
        }

        return row;
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
        var total = 0;
        void EndField()
        {
            if (cells.Count >= MaxCsvCells)
            {
                throw new ImportFileException($"Række {records.Count + 1} har mere end {MaxCsvCells} felter; filen skal have kolonnerne fra Fremdrifts Excel-udtræk.");
            }

            if (++total > ImportLimits.Default.MaxCells)
            {
                throw new ImportFileException($"Filen har mere end {Number(ImportLimits.Default.MaxCells)} felter; et år har 13 kolonner pr. række.");
            }

            cells.Add(field.ToString());
            field.Clear();
        }

        void EndRecord()
        {
            // Blank lines count as rows (Excel numbers them); a file of nothing but line breaks is not a year.
            if (records.Count >= MaxRows * 2)
            {
                throw new ImportFileException($"Filen har mere end {Number(MaxRows * 2)} linjer; et år har højst én række pr. kommune og anbefaling.");
            }

            records.Add(new CsvRecord(records.Count + 1, cells));
            cells = [];
        }

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
                EndField();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                EndField();
                EndRecord();
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
            EndField();
            EndRecord();
        }

        return records;
    }
}
