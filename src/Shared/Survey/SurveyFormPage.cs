using System.Text;
using Fremdrift.Shared.Domain;
using static Fremdrift.Shared.Web.HtmlLayout;

namespace Fremdrift.Shared.Survey;

/// <summary>A message at the top of the form: "ok" (saved), "error" (not saved / fix this) or "info".</summary>
public sealed record FormNotice(string Kind, string Html);

/// <summary>Everything the form page shows.</summary>
public sealed record SurveyFormView(
    Domain.Catalogue Catalogue,
    string JobcentreName,
    int Year,
    DateTimeOffset Deadline,
    SurveyResponse Response,
    string Version,
    IReadOnlyList<Answer> Values,
    IReadOnlyDictionary<string, Answer>? LastYear,
    IReadOnlyList<FieldProblem> Problems,
    FormNotice? Notice,
    SurveyRules Rules);

/// <summary>
/// The Fremdriftsskema as server-rendered HTML, laid out like the seed's form: per area the SKAL and KAN
/// sub-headings, per recommendation a real radio group (fieldset + legend, visible Danish labels, never colour
/// alone) and a labelled remark field. Works without JavaScript; a few lines of inline script only warn about
/// unsaved changes. Every text typed by a person is HTML-encoded.
/// </summary>
public static class SurveyFormPage
{
    /// <summary>Form-only styles, inlined (no external requests).</summary>
    private const string Css = """
        <style>
        .rec{border:1px solid var(--line);border-radius:.4rem;padding:.75rem;margin:0 0 1rem}
        .rec fieldset{border:0;padding:0;margin:0 0 .5rem}.rec legend{padding:0;font-weight:400}
        .rec legend b{font-size:.85rem;margin-right:.35rem}
        .rid{display:inline-block;min-width:2.2rem;padding:0 .35rem;margin-right:.35rem;border:1px solid var(--ink);border-radius:.25rem;font-weight:700;text-align:center}
        .valg label:has(input:focus-visible){outline:3px solid var(--ink);outline-offset:2px;box-shadow:0 0 0 6px #ffbf47}
        .valg input:focus-visible{outline:none}
        .valg{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.5rem}
        .valg label{display:inline-flex;align-items:center;gap:.4rem;padding:.4rem .8rem;border:1px solid #767676;border-radius:2rem;min-height:2.75rem}
        .valg label:has(input:checked){border:2px solid var(--ink);background:var(--soft);font-weight:600}
        .valg input{width:1.2rem;height:1.2rem;margin:0}
        .d{width:.9rem;height:.9rem;border-radius:50%;display:inline-block;border:1px solid var(--ink)}
        .d.groen{background:var(--groen)}.d.gul{background:#e0b400}.d.roed{background:var(--roed)}.d.ikke-relevant{background:#fff}
        .fejl{color:var(--roed);font-weight:600;margin:.25rem 0}
        .sidste{color:var(--muted);font-size:.95rem;margin:.25rem 0;white-space:pre-line}
        .knapper{position:sticky;bottom:0;background:#fff;border-top:1px solid var(--line);padding:.75rem 0;display:flex;flex-wrap:wrap;gap:.75rem;align-items:center}
        .farver{margin:.25rem 0 0;padding-left:1.2rem}
        </style>
        """;

    /// <summary>Warns before leaving with unsaved changes; the form works the same without it.</summary>
    private const string Script =
        "(function(){var f=document.getElementById('skema');if(!f)return;var d=false,s=document.getElementById('status');" +
        "f.addEventListener('input',function(){if(!d&&s){s.textContent='I har ændringer, der ikke er gemt.';}d=true;});" +
        "f.addEventListener('submit',function(){d=false;});" +
        "window.addEventListener('beforeunload',function(e){if(d){e.preventDefault();e.returnValue='';}});})();";

    /// <summary>The id of the notice the form posts back to (the fragment of the form's action).</summary>
    public const string NoticeAnchor = "besked";

    private static readonly Rating[] SkalChoices = [Rating.Groen, Rating.Gul, Rating.Roed];
    private static readonly Rating[] KanChoices = [Rating.Groen, Rating.Gul, Rating.Roed, Rating.IkkeRelevant];

    public static string Render(SurveyFormView v)
    {
        var b = new StringBuilder(24 * 1024);
        b.Append(Css);
        b.Append("<h1>Fremdriftsskema ").Append(v.Year).Append("</h1>");
        b.Append("<p><strong>").Append(E(v.JobcentreName)).Append("</strong><br>Svarfrist: ").Append(E(DanishDates.DateAndTime(v.Deadline))).Append("</p>");

        if (v.Notice is not null)
        {
            // The form posts to "#besked", so the answer opens here rather than at the top of a long page.
            b.Append("<div id=\"").Append(NoticeAnchor).Append("\" tabindex=\"-1\" class=\"notice ").Append(v.Notice.Kind).Append("\" role=\"").Append(v.Notice.Kind == "error" ? "alert" : "status").Append("\">")
                .Append(v.Notice.Html);
            if (v.Problems.Count > 0)
            {
                b.Append("<ul>");
                foreach (var p in v.Problems)
                {
                    b.Append("<li><a href=\"#").Append(FirstControlId(p)).Append("\">").Append(E(p.RecommendationId)).Append(": ").Append(E(p.Message)).Append("</a></li>");
                }

                b.Append("</ul>");
            }

            b.Append("</div>");
        }

        b.Append("<div class=\"notice\">").Append(StatusLine(v)).Append("</div>");
        if (v.LastYear is not null)
        {
            b.Append("<div class=\"notice\"><p>Skemaet er udfyldt med jeres indsendte svar fra sidste år (").Append(v.Year - 1)
                .Append("), hvor anbefalingen fortsætter. Ret det, der har ændret sig, og gem eller indsend.</p></div>");
        }

        b.Append("<p>For hver anbefaling: vælg en farve for fremdriften og skriv en bemærkning, der forklarer den.</p>");
        b.Append("<ul class=\"farver\"><li><strong>Grøn</strong>: gennemført eller godt på vej.</li>")
            .Append("<li><strong>Gul</strong>: i gang, men med udfordringer eller forsinkelse.</li>")
            .Append("<li><strong>Rød</strong>: ikke i gang eller gået i stå.</li>")
            .Append("<li><strong>Ikke relevant</strong>: kun for KAN-anbefalinger, som kommunen ikke følger.</li></ul>");
        b.Append("<p class=\"small\">Hver anbefaling har et id (f.eks. V1), som også står i påmindelser og fejlbeskeder. ")
            .Append("Alle anbefalinger skal have en status")
            .Append(v.Rules.RequireRemarkForGulOrRoed ? " (og Gul eller Rød en bemærkning)" : "")
            .Append(", før skemaet kan indsendes; en kladde må gerne være ufuldstændig. Bemærkninger må højst være ").Append(v.Rules.RemarkMaxLength).Append(" tegn.</p>");

        b.Append("<form id=\"skema\" method=\"post\" action=\"#").Append(NoticeAnchor).Append("\" accept-charset=\"utf-8\">");
        b.Append("<input type=\"hidden\" name=\"").Append(SurveyFormRules.VersionField).Append("\" value=\"").Append(E(v.Version)).Append("\">");
        b.Append("<input type=\"hidden\" name=\"").Append(SurveyFormRules.SubmissionField).Append("\" value=\"").Append(Guid.NewGuid().ToString("N")).Append("\">");

        var values = v.Values.ToDictionary(a => a.RecommendationId, StringComparer.Ordinal);
        var problems = v.Problems.GroupBy(p => p.RecommendationId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Message, StringComparer.Ordinal);
        foreach (var area in v.Catalogue.Areas)
        {
            b.Append("<h2>").Append(E(area.Title)).Append("</h2>");
            foreach (var obligation in new[] { Obligation.Skal, Obligation.Kan })
            {
                var group = area.Recommendations.Where(r => r.Obligation == obligation).ToList();
                if (group.Count == 0)
                {
                    continue;
                }

                // No year in the heading: the seed's texts say "skal i 2015" whatever year asks them.
                b.Append("<h3>").Append(obligation == Obligation.Skal ? "SKAL-anbefalinger" : "KAN-anbefalinger").Append("</h3>");
                foreach (var r in group)
                {
                    AppendRecommendation(b, r, values.GetValueOrDefault(r.Id), v.LastYear?.GetValueOrDefault(r.Id), problems.GetValueOrDefault(r.Id), v.Rules);
                }
            }
        }

        b.Append("<div class=\"knapper\">")
            .Append("<button type=\"submit\" name=\"").Append(SurveyFormRules.ActionField).Append("\" value=\"").Append(SurveyFormRules.SaveValue).Append("\" class=\"secondary\">Gem kladde</button>")
            .Append("<button type=\"submit\" name=\"").Append(SurveyFormRules.ActionField).Append("\" value=\"").Append(SurveyFormRules.SubmitValue).Append("\">Indsend</button>")
            .Append("<span id=\"status\" class=\"small\" aria-live=\"polite\"></span></div>");
        b.Append("</form>");
        return Page($"Fremdriftsskema {v.Year} – {v.JobcentreName}", b.ToString(), Script);
    }

    private static void AppendRecommendation(StringBuilder b, Recommendation r, Answer? value, Answer? lastYear, string? problem, SurveyRules rules)
    {
        var id = r.Id;
        var errorId = "e-" + id;
        b.Append("<div class=\"rec\" id=\"r-").Append(E(id)).Append("\"><fieldset");
        if (problem is not null)
        {
            b.Append(" aria-describedby=\"").Append(E(errorId)).Append('"');
        }

        b.Append("><legend><span class=\"rid\">").Append(E(id)).Append("</span><b>").Append(r.Obligation == Obligation.Skal ? "SKAL" : "KAN").Append("</b>").Append(E(r.Text)).Append("</legend>");
        if (problem is not null)
        {
            b.Append("<p class=\"fejl\" id=\"").Append(E(errorId)).Append("\">").Append(E(problem)).Append("</p>");
        }

        b.Append("<div class=\"valg\">");
        foreach (var rating in r.Obligation == Obligation.Skal ? SkalChoices : KanChoices)
        {
            var code = rating.Code();
            b.Append("<label><input type=\"radio\" name=\"").Append(SurveyFormRules.ColourPrefix).Append(E(id)).Append("\" id=\"f-").Append(E(id)).Append('-').Append(code)
                .Append("\" value=\"").Append(code).Append('"').Append(value?.Rating == rating ? " checked" : "").Append('>')
                .Append("<span class=\"d ").Append(code).Append("\" aria-hidden=\"true\"></span>").Append(rating.Danish()).Append("</label>");
        }

        b.Append("</div></fieldset>");
        if (lastYear is not null)
        {
            b.Append("<p class=\"sidste\">Sidste år: ").Append(lastYear.Rating is { } lr ? lr.Danish() : "ingen farve");
            if (!string.IsNullOrWhiteSpace(lastYear.Remark))
            {
                b.Append(" – ").Append(E(lastYear.Remark.Length > 300 ? lastYear.Remark[..300] + "…" : lastYear.Remark));
            }

            b.Append("</p>");
        }

        b.Append("<label for=\"b-").Append(E(id)).Append("\">Bemærkninger til ").Append(E(id)).Append("</label>")
            .Append("<textarea id=\"b-").Append(E(id)).Append("\" name=\"").Append(SurveyFormRules.RemarkPrefix).Append(E(id))
            .Append("\" rows=\"3\" maxlength=\"").Append(rules.RemarkMaxLength).Append('"');
        if (problem is not null)
        {
            b.Append(" aria-describedby=\"").Append(E(errorId)).Append("\" aria-invalid=\"true\"");
        }

        // A newline right after <textarea> is swallowed by the parser; one is added so a remark's own leading newline survives.
        b.Append(">\n").Append(E(value?.Remark)).Append("</textarea></div>");
    }

    private static string StatusLine(SurveyFormView v)
    {
        var r = v.Response;
        var parts = new List<string>();
        if (r.SubmittedAt is { } submitted)
        {
            parts.Add($"Indsendt {E(DanishDates.DateAndTime(submitted))}. I kan rette og indsende igen indtil svarfristen; det indsendte svar gælder, indtil et nyt er indsendt.");
        }
        else
        {
            parts.Add("Ikke indsendt endnu.");
        }

        // After a save the notice already says when; saying it twice reads as two different events.
        if (v.Notice?.Kind != "ok" && r.DraftSavedAt is { } saved && (r.SubmittedAt is null || saved > r.SubmittedAt))
        {
            parts.Add($"Kladde gemt {E(DanishDates.DateAndTime(saved))}.");
        }

        return "<p>" + string.Join(" ", parts) + "</p>";
    }

    private static string FirstControlId(FieldProblem p) =>
        (p.OnRemark ? "b-" : "f-") + E(p.RecommendationId) + (p.OnRemark ? "" : "-groen");
}
