using System.Net;
using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Infrastructure;

namespace Fremdrift.Tests.Bilag;

public class DocumentPageTests
{
    [Fact]
    public async Task Document_routes_need_the_secretariats_sign_in()
    {
        await using var server = await TestDevServer.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };

        var page = await anonymous.GetAsync("/sekretariat/dokumenter");
        var download = await anonymous.GetAsync("/sekretariat/dokumenter/hent?navn=2027%2Fbilag%2Fbilag-2027-v1.docx");
        var build = await anonymous.PostAsync("/sekretariat/dokumenter", new FormUrlEncodedContent(new Dictionary<string, string> { ["aar"] = "2027", ["handling"] = "udkast" }));

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, download.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, build.StatusCode);
        Assert.Empty(await server.Get<ICycleDocuments>().ListAsync(2027, default));
    }

    [Fact]
    public async Task Secretariat_builds_a_draft_the_excel_export_and_a_form_and_downloads_each_with_its_danish_name()
    {
        await using var server = await TestDevServer.StartAsync();
        await DocumentsWorld.CreateAsync(CycleState.Open, clients: server.Get<StorageClients>());
        using var client = server.SecretariatClient();

        var expected = new Dictionary<string, (string Action, string? Code, string FileName, string ContentType)>
        {
            ["udkast"] = ("udkast", null, "UDKAST bilag status for anbefalinger 2027 v1.docx", DocumentName.DocxContentType),
            ["excel"] = ("excel", null, "Svar på fremdriftsskemaet 2027 v1.xlsx", DocumentName.XlsxContentType),
            ["skema"] = ("skema", "169", "Fremdriftsskema 2027 Høje-Taastrup v1.docx", DocumentName.DocxContentType),
        };
        foreach (var (action, code, fileName, contentType) in expected.Values)
        {
            var form = new Dictionary<string, string> { ["aar"] = "2027", ["handling"] = action };
            if (code is not null)
            {
                form["kommune"] = code;
            }

            using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = client.BaseAddress };
            noRedirect.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
            var posted = await noRedirect.PostAsync("/sekretariat/dokumenter", new FormUrlEncodedContent(form));
            Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
            var location = posted.Headers.Location!.OriginalString;
            Assert.StartsWith("/sekretariat/dokumenter?aar=2027&dannet=", location);

            var page = WebUtility.HtmlDecode(await client.GetStringAsync(location));
            Assert.Contains("role=\"status\">Dannet:", page);
            var href = System.Text.RegularExpressions.Regex.Match(page, "href=\"(/sekretariat/dokumenter/hent\\?navn=[^\"]+)\"[^>]*>" + System.Text.RegularExpressions.Regex.Escape(fileName)).Groups[1].Value;
            Assert.NotEmpty(href);

            var download = await client.GetAsync(href);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.True(download.Headers.CacheControl?.NoStore, "a document download must not be cached");
            Assert.Equal(contentType, download.Content.Headers.ContentType!.MediaType);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal(fileName, download.Content.Headers.ContentDisposition.FileNameStar);
            var bytes = await download.Content.ReadAsByteArrayAsync();
            Assert.Empty(BilagTestData.ValidationErrors(bytes, spreadsheet: action == "excel"));
        }

        var audit = await server.Get<AuditLogRepository>().ListAsync(2027);
        Assert.Equal(3, audit.Count(a => a.Action == "document-built" && a.Actor == "sekretariat (lokal)"));
    }

    [Fact]
    public async Task The_final_bilag_is_refused_in_danish_while_the_cycle_is_open_and_built_once_it_is_closed()
    {
        await using var server = await TestDevServer.StartAsync();
        var world = await DocumentsWorld.CreateAsync(CycleState.Open, clients: server.Get<StorageClients>());
        using var client = server.SecretariatClient();
        var form = () => new FormUrlEncodedContent(new Dictionary<string, string> { ["aar"] = "2027", ["handling"] = "bilag" });

        var refused = await client.PostAsync("/sekretariat/dokumenter", form());

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Det endelige bilag for 2027 kan først dannes, når opfølgningen er lukket.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Empty(await server.Get<ICycleDocuments>().ListAsync(2027, default));

        await world.CloseAsync();
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = client.BaseAddress };
        noRedirect.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
        var built = await noRedirect.PostAsync("/sekretariat/dokumenter", form());
        Assert.Equal(HttpStatusCode.SeeOther, built.StatusCode);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(built.Headers.Location!.OriginalString));
        Assert.Contains("Dannet: Endeligt bilag, version 1.", page);
        Assert.Contains(">Bilag status for anbefalinger 2027 v1.docx</a>", page);
    }

    [Theory]
    [InlineData("/sekretariat/dokumenter/hent?navn=..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/sekretariat/dokumenter/hent?navn=2027%2Fbilag%2Fbilag-2027-v7.docx")]
    [InlineData("/sekretariat/dokumenter/hent")]
    public async Task Downloading_anything_but_a_stored_document_is_404(string path)
    {
        await using var server = await TestDevServer.StartAsync();
        using var client = server.SecretariatClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.StartsWith("Dokumentet findes ikke", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_tampered_or_unknown_build_request_is_refused_and_builds_nothing()
    {
        await using var server = await TestDevServer.StartAsync();
        await DocumentsWorld.CreateAsync(CycleState.Open, clients: server.Get<StorageClients>());
        using var client = server.SecretariatClient();

        var repeated = await client.PostAsync("/sekretariat/dokumenter", new StringContent("aar=2027&handling=udkast&handling=excel", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        var unknown = await client.PostAsync("/sekretariat/dokumenter", new FormUrlEncodedContent(new Dictionary<string, string> { ["aar"] = "2027", ["handling"] = "slet-alt" }));
        var noCode = await client.PostAsync("/sekretariat/dokumenter", new FormUrlEncodedContent(new Dictionary<string, string> { ["aar"] = "2027", ["handling"] = "skema", ["kommune"] = "abc" }));

        Assert.Equal(HttpStatusCode.BadRequest, repeated.StatusCode);
        Assert.Contains("optræder mere end én gang", WebUtility.HtmlDecode(await repeated.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("Ukendt handling", WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, noCode.StatusCode);
        Assert.Empty(await server.Get<ICycleDocuments>().ListAsync(2027, default));
    }

    [Fact]
    public async Task Document_page_with_documents_passes_axe_wcag_checks_in_chromium()
    {
        await using var server = await TestDevServer.StartAsync();
        await DocumentsWorld.CreateAsync(CycleState.Closed, clients: server.Get<StorageClients>());
        await server.Get<ICycleDocuments>().BuildAsync(2027, DocumentKind.Bilag, null, default);
        await server.Get<ICycleDocuments>().BuildAsync(2027, DocumentKind.MunicipalityForm, 101, default);
        var context = await TestBrowser.NewContextAsync(credentials: new Microsoft.Playwright.HttpCredentials { Username = "sekretariat", Password = TestDevServer.SecretariatPassword });
        var page = await context.NewPageAsync();

        await page.GotoAsync(server.BaseUrl + "/sekretariat/dokumenter?aar=2027");

        Assert.Equal("Dokumenter for 2027", await page.InnerTextAsync("h1"));
        Assert.Contains("Fremdriftsskema 2027 København v1.docx", await page.InnerTextAsync("main"));
        Assert.Empty(await TestBrowser.AxeViolationsAsync(page));
        await context.CloseAsync();
    }
}
