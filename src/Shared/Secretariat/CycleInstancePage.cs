using System.Globalization;
using System.Text;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Survey;
using static Fremdrift.Shared.Web.HtmlLayout;

namespace Fremdrift.Shared.Secretariat;

/// <summary>
/// The year's cycle loop as the host runs it (in Azure: the Durable orchestration instance), in host-neutral
/// terms: <see cref="Status"/> is already Danish, null when no instance exists.
/// </summary>
public sealed record CycleInstanceView(
    int Year,
    string InstanceId,
    string? Status,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastUpdatedAt,
    string? Activity,
    string? Failure);

/// <summary>
/// A small page for the secretariat and IT staff: is the year's cycle loop running, what is it doing, and a button
/// that restarts it (stop it if it runs, start it afresh; all state is in storage, so nothing is lost).
/// </summary>
public static class CycleInstancePage
{
    public static string Render(SecretariatRoutes routes, CycleInstanceView v, string? message, bool isError)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<h1>Årshjulets kørsel {v.Year}</h1>");
        b.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{routes.Root}?aar={v.Year}\">Tilbage til overblikket</a></p>");
        if (!string.IsNullOrWhiteSpace(message))
        {
            b.Append(CultureInfo.InvariantCulture, $"<div class=\"notice {(isError ? "error" : "ok")}\" role=\"{(isError ? "alert" : "status")}\">{E(message)}</div>");
        }

        b.Append("<dl class=\"small\">");
        b.Append(CultureInfo.InvariantCulture, $"<dt>Instans</dt><dd><code>{E(v.InstanceId)}</code></dd>");
        if (v.Status is null)
        {
            b.Append("<dt>Status</dt><dd><strong>Kører ikke</strong> (ingen instans). Den startes af den daglige timer, når opfølgningen startes, eller med knappen herunder.</dd>");
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"<dt>Status</dt><dd><strong>{E(v.Status)}</strong></dd>");
            Append(b, "Startet", v.CreatedAt);
            Append(b, "Sidst ændret", v.LastUpdatedAt);
            if (!string.IsNullOrWhiteSpace(v.Activity))
            {
                b.Append(CultureInfo.InvariantCulture, $"<dt>Gør nu</dt><dd>{E(v.Activity)}</dd>");
            }

            if (!string.IsNullOrWhiteSpace(v.Failure))
            {
                b.Append(CultureInfo.InvariantCulture, $"<dt>Fejl</dt><dd><pre>{E(v.Failure)}</pre></dd>");
            }
        }

        b.Append("</dl>");
        b.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{routes.Root}/aarshjul/genstart\"><input type=\"hidden\" name=\"aar\" value=\"{v.Year}\">");
        b.Append("<button type=\"submit\">Genstart årshjulet</button> <span class=\"muted small\">Stopper den kørende instans og starter en ny, der læser alt fra lageret. Intet sendes to gange.</span></form>");
        return Page($"Årshjulets kørsel {v.Year}", b.ToString());
    }

    private static void Append(StringBuilder b, string label, DateTimeOffset? at)
    {
        if (at is { } value)
        {
            b.Append(CultureInfo.InvariantCulture, $"<dt>{label}</dt><dd>{DanishDates.DateAndTime(value)}</dd>");
        }
    }
}
