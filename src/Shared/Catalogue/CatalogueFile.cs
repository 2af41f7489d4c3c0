using System.Text.Json;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Catalogue;

/// <summary>A catalogue or directory file was refused; the message names the file and the line or field.</summary>
internal sealed class CatalogueFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads a catalogue of recommendations in the shape of <c>Data/catalogue-2015.json</c>
/// (areas → recommendations with id, obligation SKAL/KAN and text) and refuses anything malformed.
/// </summary>
public static class CatalogueFile
{
    public static Domain.Catalogue Load(string path, int? year = null) =>
        Parse(File.ReadAllText(path), path, year);

    /// <summary>
    /// The catalogue that ships with the product for <paramref name="year"/>: the newest built-in
    /// <c>catalogue-&lt;y&gt;.json</c> with y ≤ year (the 2015 recommendations until adjusted ones are added),
    /// re-yeared to the cycle's year.
    /// </summary>
    public static Domain.Catalogue LoadBuiltIn(int year = 2015)
    {
        var file = BuiltInFileFor(EmbeddedData.Names(), year);
        return Parse(EmbeddedData.Read(file), $"{file} (indbygget)", year);
    }

    /// <summary>
    /// Picks the catalogue file a year asks: the newest <c>catalogue-&lt;y&gt;.json</c> with y ≤ year, or the oldest
    /// one when the year lies before all of them. A catalogue added for 2027 thus applies from 2027 on, and earlier
    /// years keep asking what they asked.
    /// </summary>
    public static string BuiltInFileFor(IEnumerable<string> fileNames, int year)
    {
        var years = fileNames
            .Select(n => n.StartsWith("catalogue-", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal)
                && int.TryParse(n["catalogue-".Length..^".json".Length], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y)
                    ? y
                    : (int?)null)
            .OfType<int>()
            .Order()
            .ToList();
        if (years.Count == 0)
        {
            throw new InvalidOperationException("No built-in catalogue-<year>.json is embedded in the build.");
        }

        var chosen = years.LastOrDefault(y => y <= year, years[0]);
        return $"catalogue-{chosen}.json";
    }

    public static Domain.Catalogue Parse(string json, string fileName, int? year = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new CatalogueFileException(
                $"Kataloget {fileName} er ikke gyldig JSON (linje {e.LineNumber + 1}, position {e.BytePositionInLine + 1}): {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            var title = OptionalString(root, "title", fileName, "title") ?? "Anbefalinger";
            var catalogueYear = year ?? YearFrom(root, fileName);
            var areasElement = Required(root, "areas", JsonValueKind.Array, fileName, "areas");

            var areas = new List<CatalogueArea>();
            var seenAreaIds = new HashSet<string>(StringComparer.Ordinal);
            var seenRecommendationIds = new Dictionary<string, string>(StringComparer.Ordinal);
            var areaIndex = 0;
            foreach (var areaElement in areasElement.EnumerateArray())
            {
                var areaPath = $"areas[{areaIndex}]";
                var areaId = RequiredString(areaElement, "id", fileName, areaPath + ".id");
                if (!seenAreaIds.Add(areaId))
                {
                    throw new CatalogueFileException($"Kataloget {fileName}: feltet {areaPath}.id har et område-id, der allerede er brugt: \"{areaId}\".");
                }

                var recommendations = new List<Recommendation>();
                var recIndex = 0;
                foreach (var recElement in Required(areaElement, "recommendations", JsonValueKind.Array, fileName, areaPath + ".recommendations").EnumerateArray())
                {
                    var recPath = $"{areaPath}.recommendations[{recIndex}]";
                    var id = RequiredString(recElement, "id", fileName, recPath + ".id");
                    if (seenRecommendationIds.TryGetValue(id, out var firstPath))
                    {
                        throw new CatalogueFileException(
                            $"Kataloget {fileName}: feltet {recPath}.id har id'et \"{id}\", som også står i {firstPath}.id. Hver anbefaling skal have sit eget id.");
                    }

                    seenRecommendationIds[id] = recPath;
                    var obligationText = RequiredString(recElement, "obligation", fileName, recPath + ".obligation");
                    var obligation = obligationText switch
                    {
                        "SKAL" => Obligation.Skal,
                        "KAN" => Obligation.Kan,
                        _ => throw new CatalogueFileException(
                            $"Kataloget {fileName}: feltet {recPath}.obligation skal være \"SKAL\" eller \"KAN\", ikke \"{obligationText}\"."),
                    };
                    recommendations.Add(new Recommendation(id, areaId, obligation, RequiredString(recElement, "text", fileName, recPath + ".text")));
                    recIndex++;
                }

                if (recommendations.Count == 0)
                {
                    throw new CatalogueFileException($"Kataloget {fileName}: {areaPath}.recommendations er tom; et område skal have mindst én anbefaling.");
                }

                areas.Add(new CatalogueArea(
                    areaId,
                    RequiredString(areaElement, "title", fileName, areaPath + ".title"),
                    OptionalString(areaElement, "intro", fileName, areaPath + ".intro") ?? "",
                    recommendations));
                areaIndex++;
            }

            if (areas.Count == 0)
            {
                throw new CatalogueFileException($"Kataloget {fileName}: feltet areas er tomt.");
            }

            return new Domain.Catalogue(catalogueYear, title, areas);
        }
    }

    private static int YearFrom(JsonElement root, string fileName)
    {
        if (root.TryGetProperty("year", out var y) && y.TryGetInt32(out var year))
        {
            return year;
        }

        var adopted = OptionalString(root, "adopted", fileName, "adopted");
        if (adopted is { Length: >= 4 } && int.TryParse(adopted.AsSpan(0, 4), out var adoptedYear))
        {
            return adoptedYear;
        }

        throw new CatalogueFileException($"Kataloget {fileName}: mangler feltet year (eller adopted) med katalogets år.");
    }

    internal static JsonElement Required(JsonElement parent, string name, JsonValueKind kind, string fileName, string path)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value))
        {
            throw new CatalogueFileException($"Filen {fileName}: feltet {path} mangler.");
        }

        if (value.ValueKind != kind)
        {
            throw new CatalogueFileException($"Filen {fileName}: feltet {path} skal være {KindName(kind)}, men er {KindName(value.ValueKind)}.");
        }

        return value;
    }

    internal static string RequiredString(JsonElement parent, string name, string fileName, string path)
    {
        var value = Required(parent, name, JsonValueKind.String, fileName, path).GetString()!;
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new CatalogueFileException($"Filen {fileName}: feltet {path} er tomt.");
        }

        return value.Trim();
    }

    internal static string? OptionalString(JsonElement parent, string name, string fileName, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new CatalogueFileException($"Filen {fileName}: feltet {path} skal være tekst, men er {KindName(value.ValueKind)}.");
    }

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "en liste",
        JsonValueKind.Object => "et objekt",
        JsonValueKind.String => "tekst",
        JsonValueKind.Number => "et tal",
        JsonValueKind.True or JsonValueKind.False => "sand/falsk",
        _ => "tomt",
    };
}
