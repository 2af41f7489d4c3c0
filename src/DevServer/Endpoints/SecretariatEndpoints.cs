using Fremdrift.Shared.Web;
using Fremdrift.Shared.Secretariat;

namespace Fremdrift.DevServer.Endpoints;

/// <summary>The secretariat's status page and commands on the local host (inside the signed-in /sekretariat group).</summary>
public static class SecretariatEndpoints
{
    public static void MapSecretariat(this RouteGroupBuilder secretariat)
    {
        secretariat.MapGet("", async (HttpRequest request, SecretariatHandler handler, CancellationToken ct) =>
            (await handler.StatusAsync(request.Query["aar"], request.Query["besked"], ct)).ToHttp());

        secretariat.MapPost("/kommando/{command}", async (string command, HttpRequest request, SecretariatHandler handler, CancellationToken ct) =>
            (await handler.CommandAsync(command, await request.ReadFormFieldsAsync(), SecretariatActor.Of(request.HttpContext), ct)).ToHttp());

        secretariat.MapGet("/jobcenter/{code:int}", async (int code, SecretariatHandler handler, CancellationToken ct) =>
            (await handler.ContactFormAsync(code, ct)).ToHttp());

        secretariat.MapPost("/jobcenter/{code:int}", async (int code, HttpRequest request, SecretariatHandler handler, CancellationToken ct) =>
            (await handler.SaveContactAsync(code, await request.ReadFormFieldsAsync(), SecretariatActor.Of(request.HttpContext), ct)).ToHttp());

        secretariat.MapLocalCycleLoop();
    }
}
