using System.Globalization;
using System.Text.RegularExpressions;

namespace Fremdrift.Shared.Bilag;

/// <summary>
/// The naming scheme of the document container, one folder per year and kind, the version in the name:
/// <c>2027/bilag/bilag-2027-v3.docx</c>, <c>2027/udkast/udkast-bilag-2027-v2.docx</c>,
/// <c>2027/excel/svar-2027-v1.xlsx</c>, <c>2027/skemaer/101-koebenhavn/fremdriftsskema-2027-101-v1.docx</c>.
/// <see cref="TryParse"/> accepts nothing else, which is what keeps a download request inside the scheme.
/// </summary>
public sealed partial record DocumentName(int Year, DocumentKind Kind, int? MunicipalityCode, string? Slug, int Version)
{
    public const string DocxContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public string BlobName => Folder + Kind switch
    {
        DocumentKind.Bilag => $"bilag-{Year}-v{Version}.docx",
        DocumentKind.DraftBilag => $"udkast-bilag-{Year}-v{Version}.docx",
        DocumentKind.Excel => $"svar-{Year}-v{Version}.xlsx",
        _ => $"fremdriftsskema-{Year}-{MunicipalityCode}-v{Version}.docx",
    };

    /// <summary>The folder that holds every version of this document (the prefix to list them by).</summary>
    public string Folder => Kind switch
    {
        DocumentKind.Bilag => $"{Year}/bilag/",
        DocumentKind.DraftBilag => $"{Year}/udkast/",
        DocumentKind.Excel => $"{Year}/excel/",
        _ => $"{Year}/skemaer/{MunicipalityCode}-{Slug}/",
    };

    public string ContentType => Kind == DocumentKind.Excel ? XlsxContentType : DocxContentType;

    /// <summary>The Danish name the browser saves the file as.</summary>
    public string FileName(string? municipality) => Kind switch
    {
        DocumentKind.Bilag => $"Bilag status for anbefalinger {Year} v{Version}.docx",
        DocumentKind.DraftBilag => $"UDKAST bilag status for anbefalinger {Year} v{Version}.docx",
        DocumentKind.Excel => $"Svar på fremdriftsskemaet {Year} v{Version}.xlsx",
        _ => $"Fremdriftsskema {Year} {municipality ?? MunicipalityCode?.ToString(CultureInfo.InvariantCulture)} v{Version}.docx",
    };

    /// <summary>Danish name of the kind, for pages and mails.</summary>
    public static string Describe(DocumentKind kind) => kind switch
    {
        DocumentKind.Bilag => "Endeligt bilag",
        DocumentKind.DraftBilag => "Udkast til bilag",
        DocumentKind.Excel => "Excel-udtræk af alle svar",
        _ => "Kommunens eget fremdriftsskema",
    };

    public static DocumentName First(int year, DocumentKind kind, int? municipalityCode = null, string? municipality = null)
    {
        if (kind == DocumentKind.MunicipalityForm)
        {
            if (municipalityCode is null)
            {
                throw new ArgumentNullException(nameof(municipalityCode));
            }

            return new DocumentName(year, kind, municipalityCode, DocumentText.Slug(municipality ?? "kommune"), 1);
        }

        return new DocumentName(year, kind, null, null, 1);
    }

    public static bool TryParse(string? blobName, out DocumentName name)
    {
        name = null!;
        if (string.IsNullOrEmpty(blobName) || blobName.Length > 200)
        {
            return false;
        }

        var m = Pattern().Match(blobName);
        if (!m.Success)
        {
            return false;
        }

        var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (int.Parse(m.Groups["year2"].Value, CultureInfo.InvariantCulture) != year)
        {
            return false;
        }

        var version = int.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture);
        var kind = m.Groups["kind"].Value switch
        {
            "bilag/bilag" => DocumentKind.Bilag,
            "udkast/udkast-bilag" => DocumentKind.DraftBilag,
            "excel/svar" => DocumentKind.Excel,
            _ => DocumentKind.MunicipalityForm,
        };
        if (kind == DocumentKind.MunicipalityForm)
        {
            var code = int.Parse(m.Groups["code"].Value, CultureInfo.InvariantCulture);
            if (int.Parse(m.Groups["code2"].Value, CultureInfo.InvariantCulture) != code)
            {
                return false;
            }

            name = new DocumentName(year, kind, code, m.Groups["slug"].Value, version);
        }
        else
        {
            if (m.Groups["ext"].Value != (kind == DocumentKind.Excel ? "xlsx" : "docx"))
            {
                return false;
            }

            name = new DocumentName(year, kind, null, null, version);
        }

        // Only the canonical spelling (no leading zeros) names a document.
        return name.BlobName == blobName;
    }

    [GeneratedRegex(
        @"^(?<year>[12][0-9]{3})/(?:(?<kind>bilag/bilag|udkast/udkast-bilag|excel/svar)-(?<year2>[0-9]{4})-v(?<v>[1-9][0-9]{0,5})\.(?<ext>docx|xlsx)" +
        @"|(?<kind>skemaer)/(?<code>[1-9][0-9]{0,3})-(?<slug>[a-z0-9]+(?:-[a-z0-9]+)*)/fremdriftsskema-(?<year2>[0-9]{4})-(?<code2>[1-9][0-9]{0,3})-v(?<v>[1-9][0-9]{0,5})\.docx)$",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Pattern();
}
