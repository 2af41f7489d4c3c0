using System.Net;
using System.Text.RegularExpressions;

namespace Fremdrift.Benchmarks;

/// <summary>What a chief's browser posts when submitting the whole form, built from the served page.</summary>
internal static partial class FormPosts
{
    public static List<KeyValuePair<string, string>> SubmitAllGul(string page, Shared.Domain.Catalogue catalogue, string remark)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("version", Hidden(page, "version")),
            new("indsendelse", Hidden(page, "indsendelse")),
            new("handling", "indsend"),
        };
        foreach (var r in catalogue.AllRecommendations)
        {
            fields.Add(new("farve-" + r.Id, "gul"));
            fields.Add(new("bem-" + r.Id, remark));
        }

        return fields;
    }

    public static string Hidden(string html, string name) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"name=\"{name}\" value=\"([^\"]*)\"").Groups[1].Value);
}
