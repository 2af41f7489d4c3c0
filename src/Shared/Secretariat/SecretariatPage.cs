using System.Globalization;
using System.Text;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Survey;
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
    SecretariatRoutes Routes)
{
    /// <summary>The years that have a cycle (for the year switch), newest first.</summary>
    public IReadOnlyList<CycleYear> Years { get; init; } = [];

    /// <summary>The cycle's catalogue, for the matrix; null before the cycle exists.</summary>
    public Domain.Catalogue? Catalogue { get; init; }

    /// <summary>Each jobcentre's response this year, by municipality code.</summary>
    public IReadOnlyDictionary<int, SurveyResponse> Responses { get; init; } = new Dictionary<int, SurveyResponse>();
}

/// <summary>One year in the year switch.</summary>
public sealed record CycleYear(int Year, CycleState State);

/// <summary>
/// The secretariat's status page (Danish): the cycle at a glance (state, response rate as a bar, the year's
/// timeline, a live matrix of recommendation × jobcentre), each jobcentre's state and last mail and why the next
/// one does or does not go, the commands (the irreversible ones behind a confirmation page), the send log and
/// the audit log. Works on a phone: wide tables scroll inside their own box, never the page.
/// </summary>
public static class SecretariatPage
{
    /// <summary>Page-only styles: the bar, the timeline, the matrix, the danger zone.</summary>
    private const string Css = """
        <style>
        main{max-width:64rem}
        main{overflow-wrap:break-word}
        .aar{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:.25rem 0 1rem}
        .aar a{display:inline-block;padding:.3rem .7rem;border:1px solid var(--accent);border-radius:2rem;text-decoration:none}
        .aar a[aria-current]{background:var(--accent);color:#fff;font-weight:600}
        .kort{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem;margin:1rem 0;align-items:start}
        .kort>section{border:1px solid var(--line);border-radius:.4rem;padding:.75rem 1rem}
        .kort h2{margin-top:0;font-size:1.15rem}
        dl.status{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .75rem;margin:0}dl.status dt{font-weight:600}dl.status dd{margin:0}
        .bar{display:flex;height:1.6rem;border:2px solid var(--ink);border-radius:.3rem;overflow:hidden;margin:.5rem 0}
        .bar span{display:block;height:100%}
        .s-ind{background:var(--groen)}
        .s-kla{background:repeating-linear-gradient(45deg,#7a5a00 0 4px,#f5e7b8 4px 8px)}
        .s-aab{background:repeating-linear-gradient(90deg,#4a4a4a 0 2px,#e8e8e8 2px 6px)}
        .s-ikke{background:#fff}
        .forklaring{list-style:none;padding:0;margin:.25rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
        .forklaring li{display:flex;align-items:center;gap:.35rem}
        .prik{display:inline-block;width:1rem;height:1rem;border:1px solid var(--ink)}
        ol.tidslinje{list-style:none;margin:.5rem 0;padding:0 0 0 1.25rem;border-left:3px solid var(--line)}
        ol.tidslinje li{position:relative;margin:0 0 .5rem}
        ol.tidslinje li::before{content:"";position:absolute;left:-1.85rem;top:.3rem;width:.9rem;height:.9rem;border-radius:50%;border:2px solid var(--ink);background:#fff}
        ol.tidslinje li.sket::before{background:var(--ink)}
        ol.tidslinje li.idag{font-weight:700}ol.tidslinje li.idag::before{background:var(--accent);border-color:var(--accent);border-radius:0}
        ol.tidslinje .naar{display:block;font-size:.9rem;color:var(--muted)}
        .rul{overflow-x:auto;max-width:100%;margin:.5rem 0 1rem}
        .rul:focus-visible{outline:3px solid var(--ink)}
        .rul table.small{min-width:46rem}
        table.small th{white-space:nowrap}
        table.matrix tbody th,table.matrix thead th:first-child{position:sticky;left:0;z-index:1;background:var(--soft)}
        table.matrix{width:auto;font-size:.8rem}
        table.matrix th,table.matrix td{padding:.15rem .2rem;text-align:center;vertical-align:middle;min-width:1.9rem}
        table.matrix thead th{vertical-align:bottom;height:9rem}
        table.matrix thead th span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;display:inline-block}
        table.matrix tbody th{text-align:left;white-space:nowrap}
        .m-groen{background:#b8dfc0}.m-gul{background:#ffe08a}.m-roed{background:#f4b4b4}.m-ikke-relevant{background:#e8e8e8}
        td.kladde{font-style:italic;background-image:repeating-linear-gradient(45deg,transparent 0 5px,rgba(0,0,0,.18) 5px 6px);outline:1px dashed var(--ink);outline-offset:-3px}
        .farezone{border:2px solid var(--roed);border-radius:.4rem;padding:.75rem 1rem;margin:2rem 0 1rem;background:#fdf6f6}
        .farezone h2,.farezone h3{margin-top:0;color:var(--roed)}
        .farezone form{margin:.75rem 0}
        button.danger,.button.danger{background:var(--roed);border-color:var(--roed);color:#fff}
        button.danger.lille{padding:.3rem .6rem;font-size:.9rem}
        form.inline{display:inline}
        .kommando{margin:.75rem 0}
        @media (max-width:40rem){table.matrix thead th{height:7rem}.farezone form span{display:block;margin-top:.25rem}}
        </style>
        """;

    public static string Render(SecretariatView v, string? message, bool isError)
    {
        var s = v.Snapshot;
        var c = s.Cycle;
        var b = new StringBuilder(Css);
        b.Append(CultureInfo.InvariantCulture, $"<h1>Opfølgningen {v.Year}</h1>");
        AppendYears(b, v);
        if (!string.IsNullOrWhiteSpace(message))
        {
            b.Append(CultureInfo.InvariantCulture, $"<div class=\"notice {(isError ? "error" : "ok")}\" role=\"{(isError ? "alert" : "status")}\">{E(message)}</div>");
        }

        b.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{v.Routes.Root}/dokumenter?aar={v.Year}\">Dokumenter (bilag, Excel, egne skemaer)</a> · <a href=\"{v.Routes.Root}/aarshjul?aar={v.Year}\">Årshjulets kørsel</a>{(v.Routes.HasOutbox ? $" · <a href=\"{v.Routes.Root}/udbakke\">Udbakke (lokale mails)</a>" : "")} · <a href=\"#kommandoer\">Kommandoer</a></p>");
        if (c is null)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p>Opfølgningen {v.Year} er ikke oprettet endnu. Den oprettes automatisk, eller I kan starte den nu under Kommandoer.</p>");
        }
        else
        {
            b.Append("<div class=\"kort\">");
            AppendStatus(b, v, c);
            AppendTimeline(b, v, c);
            b.Append("</div>");
        }

        AppendMatrix(b, v);
        AppendCommands(b, v);
        AppendJobcentres(b, v);
        AppendSendLog(b, v);
        AppendAudit(b, v);
        return Page($"Sekretariatet – opfølgningen {v.Year}", b.ToString());
    }

    public static string StateText(FollowUpCycle c) => c.State switch
    {
        CycleState.Planned => "Planlagt",
        CycleState.Open => "Åben",
        _ => $"Lukket {(c.ClosedAt is { } at ? DanishDates.DateAndTime(at) : "")} – {c.ClosedReason}",
    };

    /// <summary>A cycle's state in one Danish word, for the year switch and the start page.</summary>
    public static string StateWord(CycleState state) => state switch
    {
        CycleState.Planned => "planlagt",
        CycleState.Open => "åben",
        _ => "lukket",
    };

    public static string ResponseText(JobcentreCycleState j) => j.ResponseState switch
    {
        ResponseState.NotOpened => "Ikke åbnet",
        ResponseState.Opened => "Åbnet",
        ResponseState.Draft => "Kladde",
        _ => "Indsendt",
    };

    private static void AppendYears(StringBuilder b, SecretariatView v)
    {
        var years = v.Years.Any(y => y.Year == v.Year) ? v.Years : [.. v.Years, new CycleYear(v.Year, CycleState.Planned)];
        if (years.Count < 2)
        {
            return;
        }

        b.Append("<nav aria-label=\"Vælg år\"><ul class=\"aar\">");
        foreach (var y in years.OrderByDescending(y => y.Year))
        {
            b.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{v.Routes.Root}?aar={y.Year}\"{(y.Year == v.Year ? " aria-current=\"page\"" : "")}>{y.Year} <span class=\"small\">({StateWord(y.State)})</span></a></li>");
        }

        b.Append("</ul></nav>");
    }

    private static void AppendStatus(StringBuilder b, SecretariatView v, FollowUpCycle c)
    {
        var active = v.Snapshot.Jobcentres.Where(j => j.Active).ToList();
        var submitted = active.Count(j => j.Submitted);
        var draft = active.Count(j => !j.Submitted && j.ResponseState == ResponseState.Draft);
        var opened = active.Count(j => !j.Submitted && j.ResponseState == ResponseState.Opened);
        var notOpened = active.Count - submitted - draft - opened;
        var percent = active.Count == 0 ? 0 : (int)Math.Round(100.0 * submitted / active.Count);

        b.Append("<section aria-labelledby=\"h-status\"><h2 id=\"h-status\">Status</h2><dl class=\"status\">");
        b.Append(CultureInfo.InvariantCulture, $"<dt>Status</dt><dd><strong>{E(StateText(c))}</strong></dd>");
        b.Append(CultureInfo.InvariantCulture, $"<dt>Svarfrist</dt><dd>{DanishDates.DateAndTime(c.Deadline)}</dd>");
        b.Append(CultureInfo.InvariantCulture, $"<dt>Indsendt</dt><dd><strong>{submitted} af {active.Count}</strong> ({percent} %)</dd></dl>");
        b.Append(CultureInfo.InvariantCulture, $"<div class=\"bar\" role=\"img\" aria-label=\"Svarprocent: {submitted} indsendt, {draft} kladde, {opened} åbnet, {notOpened} ikke åbnet af {active.Count}\">");
        foreach (var (n, css) in new[] { (submitted, "s-ind"), (draft, "s-kla"), (opened, "s-aab"), (notOpened, "s-ikke") })
        {
            if (n > 0 && active.Count > 0)
            {
                b.Append(CultureInfo.InvariantCulture, $"<span class=\"{css}\" style=\"width:{100.0 * n / active.Count:0.##}%\"></span>");
            }
        }

        b.Append("</div><ul class=\"forklaring small\">");
        b.Append(CultureInfo.InvariantCulture, $"<li><span class=\"prik s-ind\" aria-hidden=\"true\"></span>Indsendt: {submitted}</li>");
        b.Append(CultureInfo.InvariantCulture, $"<li><span class=\"prik s-kla\" aria-hidden=\"true\"></span>Kladde: {draft}</li>");
        b.Append(CultureInfo.InvariantCulture, $"<li><span class=\"prik s-aab\" aria-hidden=\"true\"></span>Åbnet: {opened}</li>");
        b.Append(CultureInfo.InvariantCulture, $"<li><span class=\"prik s-ikke\" aria-hidden=\"true\"></span>Ikke åbnet: {notOpened}</li>");
        var blocked = active.Count(j => j.MailBlocked);
        if (blocked > 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"<li><strong>Mail afvist: {blocked}</strong></li>");
        }

        b.Append("</ul></section>");
    }

    /// <summary>The year as a list in time order: opening, reminder rounds, deadline, closing, with today placed among them.</summary>
    private static void AppendTimeline(StringBuilder b, SecretariatView v, FollowUpCycle c)
    {
        var events = new List<(DateTimeOffset At, string What)> { (c.OpensAt, "Åbning og invitationer") };
        events.AddRange(CycleSchedule.Reminders(c).Select(r => (r.DueAt, $"Påmindelse {r.Round}")));
        events.Add((c.Deadline, "Svarfrist"));
        if (c.ClosedAt is { } closedAt)
        {
            events.Add((closedAt, c.ClosedAt < c.Deadline ? "Lukket før svarfristen" : "Lukket; bilaget dannes"));
        }

        b.Append("<section aria-labelledby=\"h-tid\"><h2 id=\"h-tid\">Årets tidslinje</h2><ol class=\"tidslinje\">");
        var todayShown = false;
        foreach (var (at, what) in events.OrderBy(e => e.At))
        {
            if (!todayShown && at > v.Now)
            {
                AppendToday(b, v.Now);
                todayShown = true;
            }

            b.Append(CultureInfo.InvariantCulture, $"<li class=\"{(at <= v.Now ? "sket" : "")}\">{E(what)}<span class=\"naar\">{DanishDates.DateAndTime(at)}{(at <= v.Now ? " (sket)" : "")}</span></li>");
        }

        if (!todayShown)
        {
            AppendToday(b, v.Now);
        }

        b.Append("</ol>");
        b.Append(CultureInfo.InvariantCulture, $"<p class=\"small muted\">Højst {c.Reminders.MaxRemindersPerJobcentre} påmindelser pr. jobcenter, mindst {(int)c.Reminders.MinimumGapBetweenMails.TotalHours} timer mellem to mails.</p></section>");
    }

    private static void AppendToday(StringBuilder b, DateTimeOffset now) =>
        b.Append(CultureInfo.InvariantCulture, $"<li class=\"idag\" aria-current=\"date\">I dag<span class=\"naar\">{DanishDates.DateAndTime(now)}</span></li>");

    /// <summary>
    /// Recommendation × jobcentre, as in the bilag's overview: the submitted answer where there is one, else the
    /// draft (italic and hatched, and "kladde" in the column head), letters in every cell so no colour is needed.
    /// </summary>
    private static void AppendMatrix(StringBuilder b, SecretariatView v)
    {
        if (v.Catalogue is null || v.Snapshot.Jobcentres.Count == 0)
        {
            return;
        }

        var columns = v.Snapshot.Jobcentres.Where(j => j.Active).ToList();
        b.Append("<h2 id=\"h-matrix\">Svarene indtil nu</h2>");
        b.Append("<p class=\"small\">Gr = Grøn, Gu = Gul, Rø = Rød, IR = Ikke relevant, tomt = ikke besvaret. <em>Kursiv og skraveret</em> = kladde (ikke indsendt endnu). Siden viser svarene, som de var, da den blev hentet.</p>");
        b.Append("<div class=\"rul\" tabindex=\"0\" role=\"region\" aria-labelledby=\"h-matrix\"><table class=\"matrix\"><thead><tr><th scope=\"col\"><span>Anbefaling</span></th>");
        foreach (var j in columns)
        {
            var suffix = j.Submitted ? "" : j.ResponseState == ResponseState.Draft ? " · kladde" : "";
            b.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\"><span>{E(ShortName(j.Name))}{suffix}</span></th>");
        }

        b.Append("</tr></thead><tbody>");
        foreach (var r in v.Catalogue.AllRecommendations)
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\" title=\"{E(r.Text)}\">{E(r.Id)} <span class=\"small muted\">{(r.Obligation == Obligation.Skal ? "SKAL" : "KAN")}</span></th>");
            foreach (var j in columns)
            {
                v.Responses.TryGetValue(j.MunicipalityCode, out var response);
                var fromDraft = response is not null && !response.IsSubmitted;
                var answers = response is null ? [] : response.IsSubmitted ? response.Submitted : response.Draft;
                var rating = answers.FirstOrDefault(a => a.RecommendationId == r.Id)?.Rating;
                if (rating is null)
                {
                    b.Append("<td><span class=\"skip\">ikke besvaret</span></td>");
                    continue;
                }

                var classes = "m-" + rating.Value.Code() + (fromDraft ? " kladde" : "");
                b.Append(CultureInfo.InvariantCulture, $"<td class=\"{classes}\" title=\"{E(j.Name)}, {E(r.Id)}: {rating.Value.Danish()}{(fromDraft ? " (kladde)" : "")}\">{Letters(rating.Value)}</td>");
            }

            b.Append("</tr>");
        }

        b.Append("</tbody></table></div>");
    }

    private static string Letters(Rating rating) => rating switch
    {
        Rating.Groen => "Gr",
        Rating.Gul => "Gu",
        Rating.Roed => "Rø",
        _ => "IR",
    };

    private static string ShortName(string name) => name.StartsWith("Jobcenter ", StringComparison.Ordinal) ? name["Jobcenter ".Length..] : name;

    private static void AppendJobcentres(StringBuilder b, SecretariatView v)
    {
        b.Append("<h2 id=\"h-jobcentre\">Jobcentre</h2><div class=\"rul\" tabindex=\"0\" role=\"region\" aria-labelledby=\"h-jobcentre\"><table class=\"small\"><thead><tr><th scope=\"col\">Jobcenter</th><th scope=\"col\">Status</th><th scope=\"col\">Sidste mail</th><th scope=\"col\">Næste mail</th><th scope=\"col\">Handlinger</th></tr></thead><tbody>");
        foreach (var j in v.Snapshot.Jobcentres)
        {
            v.Directory.TryGetValue(j.MunicipalityCode, out var contact);
            var status = ResponseText(j) + (j.MailBlocked && contact?.Bounce is { } bounce ? $"; mail afvist ({E(bounce.Event)}: {E(bounce.Reason)})" : "") + (j.Active ? "" : "; inaktiv");
            var last = j.Mails.OrderByDescending(m => m.At).FirstOrDefault();
            var lastText = last is null
                ? "–"
                : $"{E(MailSteps.Describe(last.Step))}: {StatusText(last.Status)} {DanishDates.DateAndTime(last.At)}{(last.Reason is null || last.Status == SendStatus.Sent ? "" : " – " + E(last.Reason))}";
            b.Append(CultureInfo.InvariantCulture, $"<tr id=\"jc-{j.MunicipalityCode}\"><td>{E(j.Name)}<br><span class=\"muted\">{E(contact?.ChiefName)} &lt;{Linked(contact?.ChiefEmail)}&gt;</span></td>");
            b.Append(CultureInfo.InvariantCulture, $"<td>{status}</td><td>{lastText}</td><td>{E(CycleDecider.Explain(v.Snapshot, j, v.Now))}</td><td>");
            b.Append(CultureInfo.InvariantCulture, $"<a href=\"{v.Routes.Root}/jobcenter/{j.MunicipalityCode}\">Ret kontakt<span class=\"skip\"> for {E(j.Name)}</span></a>");
            if (v.Snapshot.Cycle?.State == CycleState.Open)
            {
                b.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{v.Routes.Root}/kommando/nyt-link\" class=\"kommando\"><input type=\"hidden\" name=\"aar\" value=\"{v.Year}\"><input type=\"hidden\" name=\"kommune\" value=\"{j.MunicipalityCode}\"><button type=\"submit\" class=\"danger lille\" aria-label=\"Nyt link til {E(j.Name)} (spørger først)\">Nyt link…</button></form>");
            }

            b.Append("</td></tr>");
        }

        b.Append("</tbody></table></div>");
    }

    private static void AppendCommands(StringBuilder b, SecretariatView v)
    {
        var c = v.Snapshot.Cycle;
        var year = v.Year.ToString(CultureInfo.InvariantCulture);
        b.Append("<h2 id=\"kommandoer\">Kommandoer</h2>");
        if (c is null || c.State == CycleState.Planned)
        {
            b.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{v.Routes.Root}/kommando/start\" class=\"kommando\"><input type=\"hidden\" name=\"aar\" value=\"{year}\"><button type=\"submit\">Start opfølgningen nu</button> <span class=\"muted small\">Åbner nu og sender invitationerne.</span></form>");
        }

        if (c is null || c.State == CycleState.Closed)
        {
            if (c is not null)
            {
                b.Append("<p>Opfølgningen er lukket; der er ingen kommandoer. Dokumenterne ligger under Dokumenter.</p>");
            }

            return;
        }

        var local = DanishDates.ToCopenhagen(c.Deadline);
        b.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{v.Routes.Root}/kommando/svarfrist\" class=\"kommando\"><input type=\"hidden\" name=\"aar\" value=\"{year}\"><input type=\"hidden\" name=\"version\" value=\"{E(c.Version)}\">");
        b.Append(CultureInfo.InvariantCulture, $"<label for=\"svarfrist\">Ny svarfrist (dansk tid)</label><input type=\"datetime-local\" id=\"svarfrist\" name=\"svarfrist\" value=\"{local:yyyy-MM-ddTHH\\:mm}\" required> <button type=\"submit\">Flyt svarfristen</button></form>");

        // The irreversible commands stand apart, look dangerous, and each asks on a page of its own first.
        b.Append("<section class=\"farezone\" aria-labelledby=\"h-fare\"><h3 id=\"h-fare\">Handlinger, der ikke kan fortrydes</h3><p class=\"small\">Hver knap viser først, hvad der vil ske og for hvor mange; intet sker, før I bekræfter.</p>");
        if (c.State == CycleState.Open)
        {
            b.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{v.Routes.Root}/kommando/paamind\"><input type=\"hidden\" name=\"aar\" value=\"{year}\"><input type=\"hidden\" name=\"runde\" value=\"{v.NextManualRound}\"><button type=\"submit\" class=\"danger\">Send påmindelse nu…</button> <span class=\"muted small\">Til alle inviterede, der ikke har indsendt (manuel påmindelse nr. {v.NextManualRound}).</span></form>");
        }

        b.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{v.Routes.Root}/kommando/luk\"><input type=\"hidden\" name=\"aar\" value=\"{year}\"><button type=\"submit\" class=\"danger\">Luk opfølgningen nu…</button> <span class=\"muted small\">Linkene holder op med at virke; bilaget dannes.</span></form>");
        b.Append("</section>");
    }

    /// <summary>What an irreversible command will do, asked before it is done.</summary>
    public sealed record Confirmation(string Title, IReadOnlyList<string> Paragraphs, IReadOnlyList<string> Affected, string Command, IReadOnlyList<KeyValuePair<string, string>> Fields, string ConfirmLabel);

    /// <summary>
    /// The confirmation page: a plain form that posts the same command again with "bekraeft=ja", so it works
    /// without JavaScript; "Annullér" is a link back that changes nothing.
    /// </summary>
    public static string ConfirmationPage(SecretariatRoutes routes, int year, Confirmation c)
    {
        var b = new StringBuilder(Css);
        b.Append("<h1>").Append(E(c.Title)).Append("</h1><div class=\"farezone\" role=\"alert\"><h2 class=\"small\">Kan ikke fortrydes</h2>");
        foreach (var p in c.Paragraphs)
        {
            b.Append("<p>").Append(E(p)).Append("</p>");
        }

        if (c.Affected.Count > 0)
        {
            b.Append("<ul class=\"small\">");
            foreach (var a in c.Affected)
            {
                b.Append("<li>").Append(E(a)).Append("</li>");
            }

            b.Append("</ul>");
        }

        b.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{routes.Root}/kommando/{E(c.Command)}\">");
        foreach (var (name, value) in c.Fields)
        {
            b.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{E(name)}\" value=\"{E(value)}\">");
        }

        b.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{ConfirmField}\" value=\"{ConfirmValue}\"><p><button type=\"submit\" class=\"danger\">{E(c.ConfirmLabel)}</button> <a class=\"button secondary\" href=\"{routes.Root}?aar={year}\">Annullér</a></p></form></div>");
        return Page(c.Title, b.ToString());
    }

    /// <summary>The field that says the secretariat has seen the confirmation page.</summary>
    public const string ConfirmField = "bekraeft";

    public const string ConfirmValue = "ja";

    private static void AppendSendLog(StringBuilder b, SecretariatView v)
    {
        b.Append("<h2 id=\"h-udsendelser\">Udsendelser</h2>");
        if (v.SendLog.Count == 0)
        {
            b.Append("<p>Ingen mails endnu.</p>");
            return;
        }

        b.Append("<div class=\"rul\" tabindex=\"0\" role=\"region\" aria-labelledby=\"h-udsendelser\"><table class=\"small\"><thead><tr><th scope=\"col\">Tid</th><th scope=\"col\">Modtager</th><th scope=\"col\">Mail</th><th scope=\"col\">Status</th><th scope=\"col\">Forsøg</th><th scope=\"col\">Bemærkning</th></tr></thead><tbody>");
        foreach (var e in v.SendLog.OrderByDescending(e => e.At).Take(200))
        {
            var who = e.MunicipalityCode == 0 ? "Sekretariatet" : v.Directory.TryGetValue(e.MunicipalityCode, out var j) ? j.Name : e.MunicipalityCode.ToString(CultureInfo.InvariantCulture);
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{DanishDates.DateAndTime(e.At)}</td><td>{E(who)}<br><span class=\"muted\">{E(e.To)}</span></td><td>{E(MailSteps.Describe(e.Step))}</td><td>{StatusText(e.Status)}</td><td>{e.Attempts}</td><td>{E(e.Reason)}</td></tr>");
        }

        b.Append("</tbody></table></div>");
    }

    private static void AppendAudit(StringBuilder b, SecretariatView v)
    {
        b.Append("<h2 id=\"h-log\">Log over handlinger</h2>");
        if (v.Audit.Count == 0)
        {
            b.Append("<p>Ingen handlinger endnu.</p>");
            return;
        }

        b.Append("<div class=\"rul\" tabindex=\"0\" role=\"region\" aria-labelledby=\"h-log\"><table class=\"small\"><thead><tr><th scope=\"col\">Tid</th><th scope=\"col\">Hvem</th><th scope=\"col\">Handling</th><th scope=\"col\">Detaljer</th></tr></thead><tbody>");
        foreach (var a in v.Audit.Take(50))
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{DanishDates.DateAndTime(a.At)}</td><td>{E(a.Actor)}</td><td>{E(a.Action)}</td><td>{E(a.Details)}</td></tr>");
        }

        b.Append("</tbody></table></div>");
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
