using Fremdrift.Shared.MailTexts;
using Fremdrift.Shared.Readiness;
using Fremdrift.Shared.Web;

namespace Fremdrift.DevServer.Endpoints;

/// <summary>The year's mail texts and the readiness check on the local host (inside the signed-in /sekretariat group).</summary>
internal static class YearTextEndpoints
{
    public static void MapYearTextsAndReadiness(this RouteGroupBuilder secretariat)
    {
        secretariat.MapGet("/mailtekster/{year:int}", async (int year, HttpRequest request, MailTextsEditor editor, CancellationToken ct) =>
            (await editor.ShowAsync(year, request.Query["mail"], request.Query["jobcenter"], request.Query["besked"], ct)).ToHttp());

        secretariat.MapPost("/mailtekster/{year:int}", async (int year, HttpRequest request, MailTextsEditor editor, CancellationToken ct) =>
            (await editor.PostAsync(year, await request.ReadFormFieldsAsync(), SecretariatActor.Of(request.HttpContext), ct)).ToHttp());

        secretariat.MapGet("/klar/{year:int}", async (int year, ReadinessPage page, CancellationToken ct) =>
            (await page.ShowAsync(year, ct)).ToHttp());
    }
}
