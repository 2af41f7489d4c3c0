using System.Globalization;
using System.Text;
using Fremdrift.DevServer.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Fremdrift.Shared.Web;
using Microsoft.Extensions.Options;
using static Fremdrift.Shared.Web.HtmlLayout;

namespace Fremdrift.DevServer.Endpoints;

/// <summary>
/// /sekretariat/aarshjul on the local host. In Azure that page shows the year's Durable orchestration instance;
/// locally the loop runs inside this process, so there is no instance to show or restart: the page says so in
/// Danish and shows what the local loop is doing, instead of a bare 404 behind a link that works in Azure.
/// </summary>
public static class LocalCycleLoopPage
{
    public static void MapLocalCycleLoop(this RouteGroupBuilder secretariat)
    {
        secretariat.MapGet("/aarshjul", async (HttpRequest request, CycleRepository cycles, IOptions<DevServerCycleOptions> options, IServiceProvider services, TimeProvider time, CancellationToken ct) =>
        {
            var all = await cycles.ListAsync(ct);
            var year = SecretariatHandler.ParseYear(request.Query["aar"]) ?? SecretariatHandler.YearThatMatters(all);
            var cycle = all.FirstOrDefault(c => c.Year == year);
            var monitor = services.GetService<CycleLoopMonitor>();
            var root = SecretariatRoutes.Local.Root;

            var b = new StringBuilder();
            b.Append("<h1>Årshjulets kørsel (lokalt)</h1>");
            b.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{root}{(year is null ? "" : $"?aar={year}")}\">Tilbage til opfølgningen</a></p>");
            b.Append("<p>I Azure viser denne side årets Durable-instans (<code>followup-ÅÅÅÅ</code>) med status, tider og en genstart. ")
                .Append("Lokalt kører den samme løkke inde i værtsprocessen, bag sekretariatets login: der er ingen instans at se eller genstarte, ")
                .Append("og en genstart af løkken er at stoppe og starte <code>scripts/run.sh</code> igen.</p>");
            b.Append("<h2>Løkken her</h2><dl>");
            b.Append(CultureInfo.InvariantCulture, $"<dt>Kører</dt><dd>{(options.Value.CycleLoop ? "Ja" : "Nej (DevServer__CycleLoop er slået fra)")}</dd>");
            b.Append(CultureInfo.InvariantCulture, $"<dt>Ur</dt><dd>{E(DanishDates.DateAndTime(time.GetUtcNow()))}{(options.Value.ClockSpeed > 1 ? $" (accelereret {options.Value.ClockSpeed.ToString("0", CultureInfo.InvariantCulture)} gange)" : "")}</dd>");
            if (monitor is not null && options.Value.CycleLoop)
            {
                b.Append(CultureInfo.InvariantCulture, $"<dt>Omgange</dt><dd>{monitor.Turns}</dd>");
                b.Append(CultureInfo.InvariantCulture, $"<dt>Næste vækning</dt><dd>{(monitor.WakeAt is { } wake ? E(DanishDates.DateAndTime(wake)) : "–")}</dd>");
                b.Append(CultureInfo.InvariantCulture, $"<dt>Seneste fejl</dt><dd>{(monitor.LastError.Length == 0 ? "ingen" : E(monitor.LastError))}</dd>");
            }

            b.Append("</dl>");
            b.Append(CultureInfo.InvariantCulture, $"<h2>Opfølgningen {(year is null ? "" : year.Value.ToString(CultureInfo.InvariantCulture))}</h2>");
            b.Append(cycle is null
                ? "<p>Der er ingen opfølgning endnu; løkken opretter den, når året skal planlægges.</p>"
                : $"<p>{E(SecretariatPage.StateText(cycle))}. Åbner {E(DanishDates.DateAndTime(cycle.OpensAt))}; svarfrist {E(DanishDates.DateAndTime(cycle.Deadline))}.</p>");
            return PageResult.Html(200, Page("Årshjulets kørsel (lokalt)", b.ToString())).ToHttp();
        });
    }
}
