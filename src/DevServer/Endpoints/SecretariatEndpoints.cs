using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Web;
using Microsoft.DurableTask.Client;

namespace Fremdrift.DevServer.Endpoints;

/// <summary>The secretariat's status page and commands on the local host (inside the signed-in /sekretariat group).</summary>
public static class SecretariatEndpoints
{
    private const string LoopOff = "Årshjulet kører ikke i denne lokale vært (DevServer__CycleLoop er slået fra). Start den med scripts/run.sh.";

    public static void MapSecretariat(this RouteGroupBuilder secretariat)
    {
        secretariat.MapGet("", async (HttpRequest request, SecretariatHandler handler, CancellationToken ct) =>
            (await handler.StatusAsync(request.Query["aar"], request.Query["besked"], ct)).ToHttp());

        secretariat.MapPost("/kommando/{command}", async (string command, HttpRequest request, SecretariatHandler handler, CancellationToken ct) =>
            (await handler.CommandAsync(command, await request.ReadFormFieldsAsync(), SecretariatActor.Of(request.HttpContext), ct)).ToHttp());

        // The year's loop on the local engine, as /api/sekretariat/aarshjul shows it in Azure.
        secretariat.MapGet("/aarshjul", async (HttpRequest request, IServiceProvider services, CycleStarter starter, SecretariatRoutes routes, CancellationToken ct) =>
        {
            var year = SecretariatHandler.ParseYear(request.Query["aar"]) ?? starter.YearToPlan();
            if (services.GetService<DurableTaskClient>() is not { } client)
            {
                return PageResult.Html(200, CycleInstancePage.Render(routes, new CycleInstanceView(year, Shared.Domain.FollowUpCycle.InstanceIdFor(year), null, null, null, null, null), LoopOff, isError: true)).ToHttp();
            }

            var view = await CycleInstanceControl.ViewAsync(client, year, ct);
            return PageResult.Html(200, CycleInstancePage.Render(routes, view, request.Query["besked"], isError: false)).ToHttp();
        });

        secretariat.MapPost("/aarshjul/genstart", async (HttpRequest request, IServiceProvider services, CycleInstanceControl control, CycleStarter starter, SecretariatRoutes routes, CancellationToken ct) =>
        {
            int? year;
            try
            {
                year = SecretariatHandler.ParseYear((await request.ReadFormFieldsAsync()).One("aar"));
            }
            catch (FormFieldException)
            {
                year = null;
            }

            if (year is not { } y || services.GetService<DurableTaskClient>() is not { } client)
            {
                var shown = year ?? starter.YearToPlan();
                var message = year is null ? "Året mangler eller er ugyldigt. Genindlæs siden og prøv igen." : LoopOff;
                return PageResult.Html(400, CycleInstancePage.Render(routes, new CycleInstanceView(shown, Shared.Domain.FollowUpCycle.InstanceIdFor(shown), null, null, null, null, null), message, isError: true)).ToHttp();
            }

            var result = await control.RestartAsync(client, y, SecretariatActor.Of(request.HttpContext), ct);
            if (!result.Done)
            {
                return PageResult.Html(503, CycleInstancePage.Render(routes, await CycleInstanceControl.ViewAsync(client, y, ct), result.Message, isError: true)).ToHttp();
            }

            return PageResult.Redirect($"{routes.Root}/aarshjul?aar={y}&besked={Uri.EscapeDataString(result.Message)}").ToHttp();
        });

        secretariat.MapGet("/jobcenter/{code:int}", async (int code, SecretariatHandler handler, CancellationToken ct) =>
            (await handler.ContactFormAsync(code, ct)).ToHttp());

        secretariat.MapPost("/jobcenter/{code:int}", async (int code, HttpRequest request, SecretariatHandler handler, CancellationToken ct) =>
            (await handler.SaveContactAsync(code, await request.ReadFormFieldsAsync(), SecretariatActor.Of(request.HttpContext), ct)).ToHttp());

    }
}
