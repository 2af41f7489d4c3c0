using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Secretariat.Commands;
using Fremdrift.Shared.Web;
using Fremdrift.Shared.YearContent;
using Microsoft.DurableTask.Client;

namespace Fremdrift.DevServer.Endpoints;

/// <summary>The secretariat's status page and commands on the local host (inside the signed-in /sekretariat group).</summary>
internal static class SecretariatEndpoints
{
    /// <summary>A local host started without the cycle (tests of other features) has no engine to show.</summary>
    private static IResult LoopOff() => PageResult.Html(200, HtmlLayout.SecretariatMessagePage("Årshjulets kørsel", "Årshjulets kørsel",
        "Årshjulet kører ikke i denne lokale vært (DevServer__CycleLoop er slået fra). Start den med scripts/run.sh.")).ToHttp();

    public static void MapSecretariat(this RouteGroupBuilder secretariat)
    {
        secretariat.MapGet("", async (HttpRequest request, SecretariatHandler handler, CancellationToken ct) =>
            (await handler.StatusAsync(request.Query["aar"], request.Query["besked"], request.Query["vis"], ct)).ToHttp());

        secretariat.MapPost("/kommando/{command}", async (string command, HttpRequest request, SecretariatCommands commands, CancellationToken ct) =>
            (await commands.CommandAsync(command, await request.ReadFormFieldsAsync(), SecretariatActor.Of(request.HttpContext), ct)).ToHttp());

        // The year's loop on the local engine, as the same route shows it in Azure.
        secretariat.MapGet("/aarshjul", async (HttpRequest request, IServiceProvider services, CycleInstanceControl control, CancellationToken ct) =>
            services.GetService<DurableTaskClient>() is { } client
                ? (await control.PageAsync(client, request.Query["aar"], request.Query["besked"], ct)).ToHttp()
                : LoopOff());

        secretariat.MapPost("/aarshjul/genstart", async (HttpRequest request, IServiceProvider services, CycleInstanceControl control, CancellationToken ct) =>
            services.GetService<DurableTaskClient>() is { } client
                ? (await control.RestartPageAsync(client, await request.ReadFormFieldsAsync(), SecretariatActor.Of(request.HttpContext), ct)).ToHttp()
                : LoopOff());

        // The addresses buttons post to, opened directly: a Danish page with the way back, nothing done.
        foreach (var buttonAddress in new[] { "/kommando/{command}", "/aarshjul/genstart", "/indlaes/bekraeft" })
        {
            secretariat.MapGet(buttonAddress, () => SecretariatPage.ButtonAddressOpened().ToHttp());
        }

        secretariat.MapGet("/jobcenter/{code:int}", async (int code, SecretariatContactForm contacts, CancellationToken ct) =>
            (await contacts.ShowAsync(code, ct)).ToHttp());

        secretariat.MapPost("/jobcenter/{code:int}", async (int code, HttpRequest request, SecretariatContactForm contacts, CancellationToken ct) =>
            (await contacts.SaveAsync(code, await request.ReadFormFieldsAsync(), SecretariatActor.Of(request.HttpContext), ct)).ToHttp());

        // A year's recommendations and schedule (the same Shared page as the Functions app's YearContentFunctions).
        secretariat.MapGet("/anbefalinger/{year:int}", async (int year, HttpRequest request, YearContentPage page, CancellationToken ct) =>
            (await page.ShowAsync(year, request.Query["besked"], ct)).ToHttp());

        secretariat.MapPost("/anbefalinger/{year:int}", async (int year, HttpRequest request, YearContentPage page, CancellationToken ct) =>
            (await page.SaveAsync(year, await request.ReadFormFieldsAsync(), SecretariatActor.Of(request.HttpContext), ct)).ToHttp());

        secretariat.MapGet("/anbefalinger/{year:int}/forhaandsvisning", async (int year, YearContentPage page, CancellationToken ct) =>
            (await page.PreviewAsync(year, ct)).ToHttp());

        secretariat.MapGet("/anbefalinger/{year:int}/json", async (int year, YearContentPage page, CancellationToken ct) =>
            (await page.ExportAsync(year, ct)).ToHttp());

        secretariat.MapPost("/anbefalinger/{year:int}/json", async (int year, HttpRequest request, YearContentPage page, CancellationToken ct) =>
            (await page.ImportUploadAsync(year, request, SecretariatActor.Of(request.HttpContext), ct)).ToHttp());
    }
}
