using System.Globalization;
using System.Text;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using static Fremdrift.Shared.Web.HtmlLayout;

namespace Fremdrift.Shared.Secretariat;

/// <summary>Everything the status page shows, read in one go.</summary>
public sealed record SecretariatView(
    int Year,
    CycleSnapshot Snapshot,
    IReadOnlyList<SendLogEntry> SendLog,
    IReadOnlyList<AuditEntry> Audit,
    IReadOnlyDictionary<int, Jobcentre> Directory,
    DateTimeOffset Now,
    int NextManualRound,
    SecretariatRoutes Routes);

/// <summary>
/// The secretariat's status page (Danish): the cycle at a glance, each jobcentre's state and last mail and why
/// the next one does or does not go, counts by state, the command forms, the send log and the audit log.
/// </summary>
public static class SecretariatPage
{
    public static string Render(SecretariatView v, string? message, bool isError)
    {
        var s = v.Snapshot;
        var c = s.Cycle;
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<h1>Opfølgningen {v.Year}</h1>");
        if (!string.IsNullOrWhiteSpace(message))
        {
            b.Append(CultureInfo.InvariantCulture, $"<div class=\"notice {(isError ? "error" : "ok")}\" role=\"{(isError ? "alert" : "status")}\">{E(message)}</div>");
        }

        b.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{v.Routes.Root}/dokumenter\">Dokumenter (bilag, Excel, egne skemaer)</a>{(v.Routes.HasOutbox ? $" · <a href=\"{v.Routes.Root}/udbakke\">Udbakke (lokale mails)</a>" : "")}</p>");
        if (c is null)
        {
            b.Append("<p>Opfølgningen er ikke oprettet endnu. Den oprettes automatisk, eller du kan starte den nu herunder.</p>");
        }
        else
        {
            b.Append("<dl class=\"small\">");
            b.Append(CultureInfo.InvariantCulture, $"<dt>Status</dt><dd><strong>{StateText(c)}</strong></dd>");
            b.Append(CultureInfo.InvariantCulture, $"<dt>Åbner</dt><dd>{CopenhagenTime.LongText(c.OpensAt)}</dd>");
            b.Append(CultureInfo.InvariantCulture, $"<dt>Svarfrist</dt><dd>{CopenhagenTime.LongText(c.Deadline)}</dd>");
            var rounds = CycleSchedule.Reminders(c);
            b.Append(CultureInfo.InvariantCulture, $"<dt>Påmindelser</dt><dd>{(rounds.Count == 0 ? "ingen" : string.Join(", ", rounds.Select(r => $"{r.Round}: {CopenhagenTime.LongText(r.DueAt)}")))} (højst {c.Reminders.MaxRemindersPerJobcentre} pr. jobcenter, mindst {(int)c.Reminders.MinimumGapBetweenMails.TotalHours} timer mellem to mails)</dd>");
            b.Append("</dl>");
        }

        AppendCounts(b, s);
        AppendJobcentres(b, v);
        AppendCommands(b, v);
        AppendSendLog(b, v);
        AppendAudit(b, v);
        return Page($"Sekretariatet – opfølgningen {v.Year}", b.ToString());
    }

    public static string StateText(FollowUpCycle c) => c.State switch
    {
        CycleState.Planned => "Planlagt",
        CycleState.Open => "Åben",
        _ => $"Lukket {(c.ClosedAt is { } at ? CopenhagenTime.LongText(at) : "")} – {c.ClosedReason}",
    };

    public static string ResponseText(JobcentreCycleState j) => j.ResponseState switch
    {
        ResponseState.NotOpened => "Ikke åbnet",
        ResponseState.Opened => "Åbnet",
        ResponseState.Draft => "Kladde",
        _ => "Indsendt",
    };

    private static void AppendCounts(StringBuilder b, CycleSnapshot s)
    {
        var active = s.Jobcentres.Where(j => j.Active).ToList();
        b.Append("<h2>Overblik</h2><table class=\"small\"><thead><tr>");
        foreach (var h in new[] { "Ikke åbnet", "Åbnet", "Kladde", "Indsendt", "Mail afvist", "I alt" })
        {
            b.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{h}</th>");
        }

        b.Append("</tr></thead><tbody><tr>");
        foreach (var n in new[]
                 {
                     active.Count(j => j.ResponseState == ResponseState.NotOpened),
                     active.Count(j => j.ResponseState == ResponseState.Opened),
                     active.Count(j => j.ResponseState == ResponseState.Draft),
                     active.Count(j => j.Submitted),
                     active.Count(j => j.MailBlocked),
                     active.Count,
                 })
        {
            b.Append(CultureInfo.InvariantCulture, $"<td>{n}</td>");
        }

        b.Append("</tr></tbody></table>");
    }

    private static void AppendJobcentres(StringBuilder b, SecretariatView v)
    {
        b.Append("<h2>Jobcentre</h2><table class=\"small\"><thead><tr><th scope=\"col\">Jobcenter</th><th scope=\"col\">Status</th><th scope=\"col\">Sidste mail</th><th scope=\"col\">Næste mail</th><th scope=\"col\">Handlinger</th></tr></thead><tbody>");
        foreach (var j in v.Snapshot.Jobcentres)
        {
            v.Directory.TryGetValue(j.MunicipalityCode, out var contact);
            var status = ResponseText(j) + (j.MailBlocked && contact?.Bounce is { } bounce ? $"; mail afvist ({E(bounce.Event)}: {E(bounce.Reason)})" : "") + (j.Active ? "" : "; inaktiv");
            var last = j.Mails.OrderByDescending(m => m.At).FirstOrDefault();
            var lastText = last is null
                ? "–"
                : $"{E(MailSteps.Describe(last.Step))}: {StatusText(last.Status)} {CopenhagenTime.LongText(last.At)}{(last.Reason is null || last.Status == SendStatus.Sent ? "" : " – " + E(last.Reason))}";
            b.Append(CultureInfo.InvariantCulture, $"<tr id=\"jc-{j.MunicipalityCode}\"><td>{E(j.Name)}<br><span class=\"muted\">{E(contact?.ChiefName)} &lt;{E(contact?.ChiefEmail)}&gt;</span></td>");
            b.Append(CultureInfo.InvariantCulture, $"<td>{status}</td><td>{lastText}</td><td>{E(CycleDecider.Explain(v.Snapshot, j, v.Now))}</td><td>");
            b.Append(CultureInfo.InvariantCulture, $"<a href=\"{v.Routes.Root}/jobcenter/{j.MunicipalityCode}\">Ret kontakt<span class=\"skip\"> for {E(j.Name)}</span></a>");
            if (v.Snapshot.Cycle?.State == CycleState.Open)
            {
                b.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{v.Routes.Root}/kommando/nyt-link\"><input type=\"hidden\" name=\"aar\" value=\"{v.Year}\"><input type=\"hidden\" name=\"kommune\" value=\"{j.MunicipalityCode}\"><button type=\"submit\" class=\"secondary\" aria-label=\"Udsted og send nyt link til {E(j.Name)}\">Nyt link</button></form>");
            }

            b.Append("</td></tr>");
        }

        b.Append("</tbody></table>");
    }

    private static void AppendCommands(StringBuilder b, SecretariatView v)
    {
        var c = v.Snapshot.Cycle;
        var year = v.Year.ToString(CultureInfo.InvariantCulture);
        b.Append("<h2>Kommandoer</h2>");
        if (c is null || c.State == CycleState.Planned)
        {
            b.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{v.Routes.Root}/kommando/start\"><input type=\"hidden\" name=\"aar\" value=\"{year}\"><button type=\"submit\">Start opfølgningen nu</button> <span class=\"muted small\">Åbner nu og sender invitationerne.</span></form>");
        }

        if (c is null || c.State == CycleState.Closed)
        {
            return;
        }

        if (c.State == CycleState.Open)
        {
            b.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{v.Routes.Root}/kommando/paamind\"><input type=\"hidden\" name=\"aar\" value=\"{year}\"><input type=\"hidden\" name=\"runde\" value=\"{v.NextManualRound}\"><button type=\"submit\">Send påmindelse nu</button> <span class=\"muted small\">Til alle inviterede, der ikke har indsendt (manuel påmindelse nr. {v.NextManualRound}).</span></form>");
        }

        var local = CopenhagenTime.ToLocal(c.Deadline);
        b.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{v.Routes.Root}/kommando/svarfrist\"><input type=\"hidden\" name=\"aar\" value=\"{year}\"><input type=\"hidden\" name=\"version\" value=\"{E(c.Version)}\">");
        b.Append(CultureInfo.InvariantCulture, $"<label for=\"svarfrist\">Ny svarfrist (dansk tid)</label><input type=\"datetime-local\" id=\"svarfrist\" name=\"svarfrist\" value=\"{local:yyyy-MM-ddTHH\\:mm}\" required> <button type=\"submit\">Flyt svarfristen</button></form>");
        b.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{v.Routes.Root}/kommando/luk\"><input type=\"hidden\" name=\"aar\" value=\"{year}\"><button type=\"submit\" class=\"secondary\">Luk opfølgningen nu</button> <span class=\"muted small\">Linkene holder op med at virke; bilaget dannes.</span></form>");
    }

    private static void AppendSendLog(StringBuilder b, SecretariatView v)
    {
        b.Append("<h2>Udsendelser</h2>");
        if (v.SendLog.Count == 0)
        {
            b.Append("<p>Ingen mails endnu.</p>");
            return;
        }

        b.Append("<table class=\"small\"><thead><tr><th scope=\"col\">Tid</th><th scope=\"col\">Modtager</th><th scope=\"col\">Mail</th><th scope=\"col\">Status</th><th scope=\"col\">Forsøg</th><th scope=\"col\">Bemærkning</th></tr></thead><tbody>");
        foreach (var e in v.SendLog.OrderByDescending(e => e.At).Take(200))
        {
            var who = e.MunicipalityCode == 0 ? "Sekretariatet" : v.Directory.TryGetValue(e.MunicipalityCode, out var j) ? j.Name : e.MunicipalityCode.ToString(CultureInfo.InvariantCulture);
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{CopenhagenTime.LongText(e.At)}</td><td>{E(who)}<br><span class=\"muted\">{E(e.To)}</span></td><td>{E(MailSteps.Describe(e.Step))}</td><td>{StatusText(e.Status)}</td><td>{e.Attempts}</td><td>{E(e.Reason)}</td></tr>");
        }

        b.Append("</tbody></table>");
    }

    private static void AppendAudit(StringBuilder b, SecretariatView v)
    {
        b.Append("<h2>Log over handlinger</h2>");
        if (v.Audit.Count == 0)
        {
            b.Append("<p>Ingen handlinger endnu.</p>");
            return;
        }

        b.Append("<table class=\"small\"><thead><tr><th scope=\"col\">Tid</th><th scope=\"col\">Hvem</th><th scope=\"col\">Handling</th><th scope=\"col\">Detaljer</th></tr></thead><tbody>");
        foreach (var a in v.Audit.Take(50))
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{CopenhagenTime.LongText(a.At)}</td><td>{E(a.Actor)}</td><td>{E(a.Action)}</td><td>{E(a.Details)}</td></tr>");
        }

        b.Append("</tbody></table>");
    }

    public static string StatusText(SendStatus status) => status switch
    {
        SendStatus.Sending => "sendes",
        SendStatus.Sent => "sendt",
        SendStatus.Skipped => "ikke sendt",
        SendStatus.Deferred => "udsat",
        _ => "fejlet",
    };

    /// <summary>The contact form; <paramref name="entered"/> keeps what the user typed after a conflict or an error.</summary>
    public static string ContactForm(SecretariatRoutes routes, Jobcentre stored, string version, ContactInput? entered, string? message, bool isError)
    {
        var f = entered ?? new ContactInput(stored.ChiefName, stored.ChiefEmail, stored.DeputyName ?? "", stored.DeputyEmail ?? "");
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<h1>Kontakt: {E(stored.Name)}</h1><p><a href=\"{routes.Root}\">Tilbage til overblikket</a></p>");
        if (!string.IsNullOrWhiteSpace(message))
        {
            b.Append(CultureInfo.InvariantCulture, $"<div class=\"notice {(isError ? "error" : "ok")}\" role=\"{(isError ? "alert" : "status")}\">{E(message)}</div>");
        }

        if (stored.Bounce is { } bounce)
        {
            b.Append(CultureInfo.InvariantCulture, $"<div class=\"notice error\">Mails til {E(bounce.Email)} er afvist ({E(bounce.Event)}: {E(bounce.Reason)}). Når du gemmer kontakten, nulstilles afvisningen, og der mailes igen.</div>");
        }

        b.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{routes.Root}/jobcenter/{stored.MunicipalityCode}\"><input type=\"hidden\" name=\"version\" value=\"{E(version)}\">");
        Field(b, "chefnavn", "Jobcenterchefens navn", "text", f.ChiefName);
        Field(b, "chefmail", "Jobcenterchefens e-mail", "email", f.ChiefEmail);
        Field(b, "stedfortraeder", "Stedfortræderens navn (valgfri)", "text", f.DeputyName);
        Field(b, "stedfortraedermail", "Stedfortræderens e-mail (valgfri)", "email", f.DeputyEmail);
        b.Append("<button type=\"submit\">Gem kontakten</button></form>");
        return Page($"Kontakt – {stored.Name}", b.ToString());
    }

    private static void Field(StringBuilder b, string name, string label, string type, string value) =>
        b.Append(CultureInfo.InvariantCulture, $"<p><label for=\"{name}\">{label}</label><input type=\"{type}\" id=\"{name}\" name=\"{name}\" value=\"{E(value)}\"></p>");
}

/// <summary>What the secretariat typed in the contact form.</summary>
public sealed record ContactInput(string ChiefName, string ChiefEmail, string DeputyName, string DeputyEmail);
