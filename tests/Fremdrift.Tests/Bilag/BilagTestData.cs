using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Tests.Bilag;

/// <summary>
/// A known set of answers: 29 municipalities, the built-in 16 recommendations, Dragør (155) and Bornholm (400)
/// not answering, ratings chosen by a simple rule the tests recompute on their own, remarks that name their cell.
/// </summary>
internal static class BilagTestData
{
    public const int Year = 2027;
    public static readonly DateTimeOffset GeneratedAt = new(2027, 2, 15, 13, 5, 0, TimeSpan.Zero);
    public static readonly int[] Missing = [155, 400];

    public static Shared.Domain.Catalogue TestCatalogue => CatalogueFile.LoadBuiltIn(Year);

    public static IReadOnlyList<Jobcentre> TestDirectory => MunicipalityFile.LoadBuiltInDirectory();

    /// <summary>The rating this test data gives (code, recommendation); KAN recommendations of some municipalities are "not relevant".</summary>
    public static Rating ExpectedRating(int code, Recommendation recommendation, int index)
    {
        if (recommendation.Obligation == Obligation.Kan && code % 7 == 0)
        {
            return Rating.IkkeRelevant;
        }

        return (Rating)((code + index) % 3);
    }

    public static Rating? LastYearRating(int code, int index) => code % 5 == 0 ? null : (Rating)((code + 2 * index) % 3);

    public static string Remark(int code, string recommendationId) =>
        $"Bemærkning fra {code} om {recommendationId}: ærø, Øster Å\nanden linje";

    public static BilagInput Input(bool draft = false, bool withLastYear = true, Action<List<SubmittedAnswers>>? tweak = null)
    {
        var recommendations = TestCatalogue.AllRecommendations.ToList();
        var thisYear = TestDirectory
            .Where(j => !Missing.Contains(j.MunicipalityCode))
            .Select(j => new SubmittedAnswers(
                j.MunicipalityCode,
                recommendations.Select((r, i) => new Answer(r.Id, ExpectedRating(j.MunicipalityCode, r, i), Remark(j.MunicipalityCode, r.Id))).ToList(),
                GeneratedAt.AddDays(-3),
                "Jobcenterchef"))
            .ToList();
        tweak?.Invoke(thisYear);
        var lastYear = withLastYear
            ? TestDirectory.Select(j => new SubmittedAnswers(
                    j.MunicipalityCode,
                    recommendations.Select((r, i) => (r, i)).Where(x => LastYearRating(j.MunicipalityCode, x.i) is not null)
                        .Select(x => new Answer(x.r.Id, LastYearRating(j.MunicipalityCode, x.i), "sidste år")).ToList(),
                    GeneratedAt.AddYears(-1),
                    "Jobcenterchef"))
                .ToList()
            : [];
        return new BilagInput(Year, TestCatalogue, TestDirectory, thisYear, lastYear, GeneratedAt, draft);
    }

    public static IReadOnlyList<string> ValidationErrors(byte[] document, bool spreadsheet = false)
    {
        var validator = new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019);
        using var stream = new MemoryStream(document);
        if (spreadsheet)
        {
            using var xlsx = SpreadsheetDocument.Open(stream, false);
            return validator.Validate(xlsx).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        }

        using var docx = WordprocessingDocument.Open(stream, false);
        return validator.Validate(docx).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
    }
}

/// <summary>Reads a produced DOCX back the way a reader sees it: tables by caption, cell text and shading.</summary>
internal sealed class DocxReader : IDisposable
{
    private readonly MemoryStream _stream;
    private readonly WordprocessingDocument _document;

    public DocxReader(byte[] bytes)
    {
        _stream = new MemoryStream(bytes);
        _document = WordprocessingDocument.Open(_stream, false);
        Body = _document.MainDocumentPart!.Document.Body!;
    }

    public Body Body { get; }

    public string HeaderText => string.Join("\n", _document.MainDocumentPart!.HeaderParts.Select(h => h.Header.InnerText));

    public string MainXml => _document.MainDocumentPart!.Document.OuterXml;

    public IReadOnlyList<string> Paragraphs => Body.Elements<Paragraph>().Select(Text).ToList();

    public Table TableByCaption(string caption) =>
        Body.Descendants<Table>().Single(t => t.GetFirstChild<TableProperties>()?.GetFirstChild<TableCaption>()?.Val?.Value == caption);

    public static IReadOnlyList<IReadOnlyList<TableCell>> Rows(Table table) =>
        table.Elements<TableRow>().Select(r => (IReadOnlyList<TableCell>)r.Elements<TableCell>().ToList()).ToList();

    public static string Text(DocumentFormat.OpenXml.OpenXmlElement element)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var e in element.Descendants())
        {
            switch (e)
            {
                case Text t: sb.Append(t.Text); break;
                case Break: sb.Append('\n'); break;
                case TabChar: sb.Append('\t'); break;
                case Paragraph when sb.Length > 0: sb.Append('\n'); break;
                default: break;
            }
        }

        return sb.ToString();
    }

    public static string? Fill(TableCell cell) => cell.TableCellProperties?.Shading?.Fill?.Value;

    /// <summary>The orientation of the section that contains <paramref name="element"/> (sections end at a paragraph's sectPr, the last at the body's).</summary>
    public static bool IsLandscape(DocumentFormat.OpenXml.OpenXmlElement element)
    {
        var top = element;
        while (top.Parent is not DocumentFormat.OpenXml.Wordprocessing.Body)
        {
            top = top.Parent!;
        }

        var next = top.ElementsAfter().Prepend(top)
            .Select(e => (e is Paragraph p) ? p.ParagraphProperties?.GetFirstChild<SectionProperties>() : e as SectionProperties)
            .First(s => s is not null)!;
        return next.GetFirstChild<PageSize>()?.Orient?.Value == PageOrientationValues.Landscape;
    }

    public void Dispose()
    {
        _document.Dispose();
        _stream.Dispose();
    }
}
