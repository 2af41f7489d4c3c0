using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Web;

namespace Fremdrift.DevServer.Endpoints;

/// <summary>
/// Import of an earlier year and the trend view in the local host, under the signed-in /sekretariat group: the
/// same Shared handler the Functions app maps. The upload is read up to one byte past the limit, so the handler
/// itself refuses a file that is too large, in Danish.
/// </summary>
public static class YearImportEndpoints
{
    public const string BasePath = "/sekretariat/indlaes";

    public static RouteGroupBuilder MapYearImport(this RouteGroupBuilder secretariat)
    {
        secretariat.MapGet("/indlaes", () => YearImportPage.Show(BasePath).ToHttp());

        secretariat.MapPost("/indlaes", async (HttpRequest request, YearImportPage page, CancellationToken ct) =>
        {
            IFormFile? file;
            try
            {
                file = (await request.ReadFormAsync(ct)).Files.GetFile("fil");
            }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
            {
                return (await page.PreviewAsync(BasePath, "", new byte[YearImportFile.MaxBytes + 1], ct)).ToHttp();
            }

            using var buffer = new MemoryStream();
            if (file is not null)
            {
                await using var stream = file.OpenReadStream();
                var chunk = new byte[81920];
                int read;
                while (buffer.Length <= YearImportFile.MaxBytes && (read = await stream.ReadAsync(chunk, ct)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                }
            }

            return (await page.PreviewAsync(BasePath, file?.FileName, buffer.ToArray(), ct)).ToHttp();
        });

        secretariat.MapPost("/indlaes/bekraeft", async (HttpContext http, YearImportPage page, CancellationToken ct) =>
            (await page.ConfirmAsync(BasePath, await http.Request.ReadFormFieldsAsync(), SecretariatActor.Of(http), ct)).ToHttp());

        secretariat.MapGet("/indlaes/udvikling", async (YearImportPage page, CancellationToken ct) =>
            (await page.TrendAsync(BasePath, ct)).ToHttp());

        return secretariat;
    }
}
