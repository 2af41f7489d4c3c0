using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Tests.Catalogue;

public class CatalogueFileTests
{
    [Fact]
    public void Built_in_catalogue_has_the_16_recommendations_of_2015_in_four_areas()
    {
        var catalogue = CatalogueFile.LoadBuiltIn();

        Assert.Equal(2015, catalogue.Year);
        Assert.Equal(["V", "B", "O", "D"], catalogue.Areas.Select(a => a.Id));
        Assert.Equal(16, catalogue.AllRecommendations.Count());
        Assert.Equal(8, catalogue.AllRecommendations.Count(r => r.Obligation == Obligation.Skal));
        Assert.Equal("Virksomhedsrettede indsatser", catalogue.Areas[0].Title);
        Assert.StartsWith("Alle kommuner skal være en del af et formaliseret virksomhedsberedskab", catalogue.Find("V1")!.Text, StringComparison.Ordinal);
        Assert.Equal("SKAL-initiativer i 2015:", catalogue.GroupHeading(Obligation.Skal));
        Assert.Equal("KAN-initiativer i 2015", catalogue.GroupHeading(Obligation.Kan));
    }

    [Theory]
    [InlineData(2015, "catalogue-2015.json")]
    [InlineData(2026, "catalogue-2015.json")]
    [InlineData(2027, "catalogue-2027.json")]
    [InlineData(2031, "catalogue-2030.json")]
    [InlineData(2010, "catalogue-2015.json")]
    public void A_year_asks_the_newest_built_in_catalogue_not_after_it(int year, string expected)
    {
        string[] embedded = ["municipalities.json", "catalogue-2030.json", "catalogue-2015.json", "catalogue-2027.json", "catalogue-draft.json"];

        Assert.Equal(expected, CatalogueFile.BuiltInFileFor(embedded, year));
    }

    [Fact]
    public void A_later_cycle_asks_the_2015_recommendations_under_its_own_year_until_a_new_catalogue_ships()
    {
        var catalogue = CatalogueFile.LoadBuiltIn(2027);

        Assert.Equal(2027, catalogue.Year);
        Assert.Equal(CatalogueFile.LoadBuiltIn().AllRecommendations.Select(r => r.Id), catalogue.AllRecommendations.Select(r => r.Id));
    }

    [Fact]
    public void Malformed_json_is_refused_with_file_and_line()
    {
        var json = "{\n  \"year\": 2016,\n  \"areas\": [\n    { \"id\": \"V\", \n";

        var e = Assert.Throws<CatalogueFileException>(() => CatalogueFile.Parse(json, "katalog-2016.json"));

        Assert.Contains("katalog-2016.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("linje", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_recommendation_ids_are_refused_naming_both_fields()
    {
        var json = """
            { "year": 2016, "areas": [
              { "id": "V", "title": "Virksomhedsrettede indsatser", "recommendations": [
                { "id": "V1", "obligation": "SKAL", "text": "a" },
                { "id": "V1", "obligation": "KAN", "text": "b" } ] } ] }
            """;

        var e = Assert.Throws<CatalogueFileException>(() => CatalogueFile.Parse(json, "katalog-2016.json"));

        Assert.Contains("areas[0].recommendations[1].id", e.Message, StringComparison.Ordinal);
        Assert.Contains("areas[0].recommendations[0].id", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "year": 2016, "areas": [ { "id": "V", "title": "T", "recommendations": [ { "id": "V1", "obligation": "MÅSKE", "text": "a" } ] } ] }""", "obligation")]
    [InlineData("""{ "year": 2016, "areas": [ { "id": "V", "title": "T", "recommendations": [ { "id": "V1", "obligation": "SKAL" } ] } ] }""", "recommendations[0].text")]
    [InlineData("""{ "year": 2016, "areas": {} }""", "areas")]
    public void Wrong_fields_are_refused_with_the_field_named(string json, string field)
    {
        var e = Assert.Throws<CatalogueFileException>(() => CatalogueFile.Parse(json, "k.json"));

        Assert.Contains(field, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Built_in_directory_has_29_municipalities_with_example_addresses()
    {
        var directory = MunicipalityFile.LoadBuiltInDirectory();

        Assert.Equal(29, directory.Count);
        Assert.Equal(29, directory.Select(j => j.MunicipalityCode).Distinct().Count());
        Assert.All(directory, j => Assert.EndsWith(".example", j.ChiefEmail, StringComparison.Ordinal));
        Assert.Equal("jobcenterchef@hoeje-taastrup.example", directory.Single(j => j.MunicipalityCode == 169).ChiefEmail);
    }
}
