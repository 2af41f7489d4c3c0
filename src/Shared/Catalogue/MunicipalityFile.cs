using System.Text.Json;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Catalogue;

/// <summary>
/// The 29 municipalities of KKR Hovedstaden, shipped as data. Chiefs' addresses are not public, so the seeded
/// directory uses demo addresses on the reserved <c>.example</c> domain until the secretariat enters real ones.
/// </summary>
public static class MunicipalityFile
{
    public static IReadOnlyList<Jobcentre> LoadBuiltInDirectory() =>
        Parse(EmbeddedData.Read("municipalities.json"), "municipalities.json (indbygget)");

    public static IReadOnlyList<Jobcentre> Parse(string json, string fileName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CatalogueFileException($"Filen {fileName} er ikke gyldig JSON (linje {e.LineNumber + 1}): {e.Message}", e);
        }

        using (document)
        {
            var list = new List<Jobcentre>();
            var seen = new HashSet<int>();
            var index = 0;
            foreach (var m in CatalogueFile.Required(document.RootElement, "municipalities", JsonValueKind.Array, fileName, "municipalities").EnumerateArray())
            {
                var path = $"municipalities[{index}]";
                var code = CatalogueFile.Required(m, "code", JsonValueKind.Number, fileName, path + ".code").GetInt32();
                if (!seen.Add(code))
                {
                    throw new CatalogueFileException($"Filen {fileName}: feltet {path}.code har kommunenummer {code}, som allerede er brugt.");
                }

                var name = CatalogueFile.RequiredString(m, "name", fileName, path + ".name");
                var jobcentre = CatalogueFile.OptionalString(m, "jobcentre", fileName, path + ".jobcentre") ?? "Jobcenter " + name;
                list.Add(new Jobcentre(code, name, jobcentre, "Jobcenterchef i " + name, DemoAddress(name)));
                index++;
            }

            return list;
        }
    }

    /// <summary>"Høje-Taastrup" → "jobcenterchef@hoeje-taastrup.example".</summary>
    public static string DemoAddress(string municipality)
    {
        var slug = municipality.ToLowerInvariant()
            .Replace("æ", "ae", StringComparison.Ordinal)
            .Replace("ø", "oe", StringComparison.Ordinal)
            .Replace("å", "aa", StringComparison.Ordinal)
            .Replace(' ', '-');
        return $"jobcenterchef@{slug}.example";
    }
}
