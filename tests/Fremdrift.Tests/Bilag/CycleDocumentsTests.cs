using Azure.Storage.Blobs.Models;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Tests.Bilag;

public class CycleDocumentsTests
{
    [Fact]
    public async Task A_rebuild_adds_a_version_and_leaves_the_earlier_one_untouched()
    {
        var world = await DocumentsWorld.CreateAsync(CycleState.Open);

        var first = await world.Documents.BuildAsync(2027, DocumentKind.DraftBilag, null, default);
        var firstBytes = await world.Documents.ReadAsync(first.BlobName, default);
        world.Time.Advance(TimeSpan.FromHours(1));
        var second = await world.Documents.BuildAsync(2027, DocumentKind.DraftBilag, null, default);

        Assert.Equal("2027/udkast/udkast-bilag-2027-v1.docx", first.BlobName);
        Assert.Equal("2027/udkast/udkast-bilag-2027-v2.docx", second.BlobName);
        Assert.Equal(2, second.Version);
        Assert.Equal(firstBytes, await world.Documents.ReadAsync(first.BlobName, default));
        Assert.NotEqual(firstBytes, await world.Documents.ReadAsync(second.BlobName, default));
        Assert.Equal(world.Time.GetUtcNow(), second.CreatedAt);
        Assert.Equal("UDKAST bilag status for anbefalinger 2027 v2.docx", second.FileName);
    }

    [Fact]
    public async Task Builds_at_the_same_moment_get_distinct_versions()
    {
        var world = await DocumentsWorld.CreateAsync();

        var built = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => world.Documents.BuildAsync(2027, DocumentKind.Excel, null, default)));

        Assert.Equal([1, 2, 3, 4, 5], built.Select(d => d.Version).Order());
        var listed = await world.Documents.ListAsync(2027, default);
        Assert.Equal(5, listed.Count(d => d.Kind == DocumentKind.Excel));
        Assert.All(built, d => Assert.Matches(@"^2027/excel/svar-2027-v[1-5]\.xlsx$", d.BlobName));
    }

    [Fact]
    public async Task A_blob_in_the_scheme_written_by_someone_else_counts_as_taken_and_is_never_overwritten()
    {
        var world = await DocumentsWorld.CreateAsync();
        await world.Documents.BuildAsync(2027, DocumentKind.Excel, null, default);
        var foreign = world.Clients.Documents.GetBlobClient("2027/excel/svar-2027-v2.xlsx");
        await foreign.UploadAsync(BinaryData.FromString("fremmed"));

        var next = await world.Documents.BuildAsync(2027, DocumentKind.Excel, null, default);

        Assert.Equal(3, next.Version);
        Assert.Equal("fremmed", (await foreign.DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task A_writer_that_takes_the_version_between_listing_and_upload_is_not_overwritten()
    {
        var world = await DocumentsWorld.CreateAsync();
        await world.Documents.BuildAsync(2027, DocumentKind.Excel, null, default);
        var raced = new List<string>();
        world.Documents.BeforeUpload = async name =>
        {
            if (raced.Count == 0)
            {
                raced.Add(name);
                await world.Clients.Documents.GetBlobClient(name).UploadAsync(BinaryData.FromString("den anden skriver"));
            }
        };

        var next = await world.Documents.BuildAsync(2027, DocumentKind.Excel, null, default);

        Assert.Equal(["2027/excel/svar-2027-v2.xlsx"], raced);
        Assert.Equal(3, next.Version);
        Assert.Equal("den anden skriver", (await world.Clients.Documents.GetBlobClient(raced[0]).DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task Ensure_final_that_loses_the_race_for_version_1_returns_the_winners_bilag()
    {
        var world = await DocumentsWorld.CreateAsync();
        var winner = (await world.Documents.BuildAsync(2027, DocumentKind.DraftBilag, null, default)).BlobName;
        world.Documents.BeforeUpload = async name =>
        {
            world.Documents.BeforeUpload = null;
            var bytes = (await world.Documents.ReadAsync(winner, default))!;
            await world.Clients.Documents.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(bytes));
        };

        var ensured = await world.Documents.EnsureFinalBilagAsync(2027, default);

        Assert.Equal("2027/bilag/bilag-2027-v1.docx", ensured.BlobName);
        Assert.Equal(await world.Documents.ReadAsync(winner, default), await world.Documents.ReadAsync(ensured.BlobName, default));
        Assert.Single(await world.Documents.ListAsync(2027, default), d => d.Kind == DocumentKind.Bilag);
    }

    [Fact]
    public async Task The_final_bilag_needs_a_closed_cycle_and_then_ensure_is_idempotent()
    {
        var world = await DocumentsWorld.CreateAsync(CycleState.Open);

        var refused = await Assert.ThrowsAsync<DocumentBuildException>(() => world.Documents.EnsureFinalBilagAsync(2027, default));
        Assert.Contains("kan først dannes, når opfølgningen er lukket", refused.Message);

        await world.CloseAsync();
        var ensured = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => world.Documents.EnsureFinalBilagAsync(2027, default)));
        var again = await world.Documents.EnsureFinalBilagAsync(2027, default);

        Assert.All(ensured, d => Assert.Equal("2027/bilag/bilag-2027-v1.docx", d.BlobName));
        Assert.Equal("2027/bilag/bilag-2027-v1.docx", again.BlobName);
        Assert.Single(await world.Documents.ListAsync(2027, default), d => d.Kind == DocumentKind.Bilag);

        var rebuilt = await world.Documents.BuildAsync(2027, DocumentKind.Bilag, null, default);
        Assert.Equal(2, rebuilt.Version);
        Assert.Equal(rebuilt.BlobName, (await world.Documents.EnsureFinalBilagAsync(2027, default)).BlobName);
    }

    [Fact]
    public async Task Closing_stores_the_excel_export_beside_the_final_bilag_once_and_not_an_export_from_before_the_close()
    {
        var world = await DocumentsWorld.CreateAsync(CycleState.Open);
        var duringCycle = await world.Documents.BuildAsync(2027, DocumentKind.Excel, null, default);
        world.Time.Advance(TimeSpan.FromDays(1));
        await world.CloseAsync();

        var bilag = await world.Documents.EnsureFinalBilagAsync(2027, default);
        await world.Documents.EnsureFinalBilagAsync(2027, default);

        var excel = (await world.Documents.ListAsync(2027, default)).Where(d => d.Kind == DocumentKind.Excel).ToList();
        Assert.Equal([2, 1], excel.Select(d => d.Version));
        Assert.Equal(duringCycle.BlobName, excel[1].BlobName);
        Assert.True(excel[0].CreatedAt >= bilag.CreatedAt);
        var bytes = (await world.Documents.ReadAsync(excel[0].BlobName, default))!;
        Assert.Empty(BilagTestData.ValidationErrors(bytes, spreadsheet: true));
        Assert.Equal("PK", System.Text.Encoding.ASCII.GetString(bytes, 0, 2));
    }

    [Fact]
    public async Task The_stored_bilag_uses_submitted_answers_only_and_compares_with_last_year()
    {
        var world = await DocumentsWorld.CreateAsync();

        var bilag = await world.Documents.EnsureFinalBilagAsync(2027, default);
        using var docx = new DocxReader((await world.Documents.ReadAsync(bilag.BlobName, default))!);

        Assert.Contains("27 af 29 jobcentre har svaret.", docx.Paragraphs);
        Assert.Contains("Har ikke svaret: Dragør, Bornholm.", docx.Paragraphs);
        Assert.DoesNotContain("KLADDE", docx.MainXml);
        Assert.DoesNotContain("UDKAST", docx.MainXml);
        var v1 = DocxReader.Rows(docx.TableByCaption(BilagBuilder.DetailCaption("V1")));
        Assert.Equal("Udvikling siden 2026", DocxReader.Text(v1[1][2]));
        Assert.Equal(BilagTestData.Remark(101, "V1"), DocxReader.Text(v1[2][3]));
        Assert.Empty(BilagTestData.ValidationErrors((await world.Documents.ReadAsync(bilag.BlobName, default))!));
    }

    [Fact]
    public async Task A_municipality_form_is_stored_under_its_code_and_name_with_metadata()
    {
        var world = await DocumentsWorld.CreateAsync();

        var form = await world.Documents.BuildAsync(2027, DocumentKind.MunicipalityForm, 169, default);

        Assert.Equal("2027/skemaer/169-hoeje-taastrup/fremdriftsskema-2027-169-v1.docx", form.BlobName);
        Assert.Equal("Fremdriftsskema 2027 Høje-Taastrup v1.docx", form.FileName);
        var properties = (await world.Clients.Documents.GetBlobClient(form.BlobName).GetPropertiesAsync()).Value;
        Assert.Equal("MunicipalityForm", properties.Metadata["kind"]);
        Assert.Equal("2027", properties.Metadata["year"]);
        Assert.Equal("169", properties.Metadata["code"]);
        Assert.Equal("1", properties.Metadata["version"]);
        Assert.Equal(DocumentName.DocxContentType, properties.ContentType);
        var listed = Assert.Single(await world.Documents.ListAsync(2027, default));
        Assert.Equal(form, listed);
    }

    [Theory]
    [InlineData("../fremdrift-dokumenter/2027/bilag/bilag-2027-v1.docx")]
    [InlineData("2027/bilag/../../hemmelig.txt")]
    [InlineData("2027/bilag/bilag-2027-v01.docx")]
    [InlineData("2027/bilag/bilag-2026-v1.docx")]
    [InlineData("2027/excel/svar-2027-v1.docx")]
    [InlineData("2027/skemaer/169-x/fremdriftsskema-2027-101-v1.docx")]
    [InlineData("2027%2Fbilag%2Fbilag-2027-v1.docx")]
    [InlineData("/2027/bilag/bilag-2027-v1.docx")]
    [InlineData("2027/bilag/bilag-2027-v1.docx\n")]
    [InlineData("hemmelig.txt")]
    [InlineData("")]
    public async Task ReadAsync_refuses_names_outside_the_scheme(string name)
    {
        var world = await DocumentsWorld.CreateAsync();
        await world.Documents.EnsureFinalBilagAsync(2027, default);
        await world.Clients.Documents.GetBlobClient("hemmelig.txt").UploadAsync(BinaryData.FromString("må ikke hentes"));

        Assert.Null(await world.Documents.ReadAsync(name, default));
        Assert.NotNull(await world.Documents.ReadAsync("2027/bilag/bilag-2027-v1.docx", default));
    }

    [Fact]
    public async Task Building_for_a_year_without_a_cycle_or_a_form_without_municipality_is_refused_in_danish()
    {
        var world = await DocumentsWorld.CreateAsync();

        var noCycle = await Assert.ThrowsAsync<DocumentBuildException>(() => world.Documents.BuildAsync(2031, DocumentKind.DraftBilag, null, default));
        var noCode = await Assert.ThrowsAsync<DocumentBuildException>(() => world.Documents.BuildAsync(2027, DocumentKind.MunicipalityForm, null, default));
        var unknown = await Assert.ThrowsAsync<DocumentBuildException>(() => world.Documents.BuildAsync(2027, DocumentKind.MunicipalityForm, 998, default));

        Assert.Equal("Der er ingen opfølgning for 2031, så der er ingen svar at danne dokumenter ud fra.", noCycle.Message);
        Assert.Equal("Vælg hvilken kommunes fremdriftsskema der skal dannes.", noCode.Message);
        Assert.Equal("Der er ikke noget jobcenter med kommunenummer 998.", unknown.Message);
        Assert.Empty(await world.Documents.ListAsync(2027, default));
    }

    [Fact]
    public async Task Only_scheme_blobs_of_the_year_are_listed()
    {
        var world = await DocumentsWorld.CreateAsync();
        await world.Documents.BuildAsync(2027, DocumentKind.Excel, null, default);
        await world.Clients.Documents.GetBlobClient("2027/andet/noget.docx").UploadAsync(BinaryData.FromString("x"));
        await world.Clients.Documents.GetBlobClient("2028/excel/svar-2028-v1.xlsx").UploadAsync(BinaryData.FromString("x"));

        var listed = await world.Documents.ListAsync(2027, default);

        Assert.Equal(["2027/excel/svar-2027-v1.xlsx"], listed.Select(d => d.BlobName));
        Assert.True(listed[0].Size > 1000);
    }

    [Fact]
    public async Task Storage_outage_is_reported_in_danish()
    {
        // The test Azurite's account, but on a port where nothing listens.
        var options = await Infrastructure.TestAzurite.FreshOptionsAsync();
        options.ConnectionString = System.Text.RegularExpressions.Regex.Replace(options.ConnectionString, @"127\.0\.0\.1:\d+", "127.0.0.1:9");
        var clients = Fremdrift.Tests.Infrastructure.TestAzurite.Clients(options);
        var documents = new CycleDocuments(clients, new(clients), new(clients), new(clients), new(clients), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<CycleDocuments>.Instance);

        var e = await Assert.ThrowsAsync<Shared.Storage.StorageUnavailableException>(() => documents.ListAsync(2027, default));

        Assert.StartsWith("Kan ikke nå lageret", e.Message);
    }

    [Fact]
    public async Task Blob_listing_reads_the_metadata_trait()
    {
        var world = await DocumentsWorld.CreateAsync();
        await world.Documents.BuildAsync(2027, DocumentKind.MunicipalityForm, 101, default);

        var item = await world.Clients.Documents.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = "2027/" }).FirstAsync();

        Assert.Equal("K%C3%B8benhavn", item.Metadata["municipality"]);
        Assert.Equal("Fremdriftsskema 2027 København v1.docx", (await world.Documents.ListAsync(2027, default))[0].FileName);
    }
}
