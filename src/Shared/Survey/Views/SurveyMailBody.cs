namespace Fremdrift.Shared.Survey.Views;

/// <summary>
/// What a survey mail says, in order: the HTML part is the <see cref="SurveyMail"/> view of it, the plain-text
/// part <see cref="ToPlainText"/>, so both parts always say the same.
/// </summary>
public sealed record SurveyMailBody(
    string Subject,
    string ForWhom,
    string Greeting,
    IReadOnlyList<string> Paragraphs,
    IReadOnlyList<string>? List,
    string LinkLabel,
    string Link,
    string AfterLink,
    string Contact)
{
    public string ToPlainText()
    {
        var lines = new List<string> { ForWhom, "", Greeting, "" };
        foreach (var p in Paragraphs)
        {
            lines.Add(p);
            lines.Add("");
        }

        if (List is not null)
        {
            lines.AddRange(List.Select(item => "- " + item));
            lines.Add("");
        }

        lines.AddRange([LinkLabel + ":", Link, "", AfterLink, "", Contact, "", "Venlig hilsen", "KKR Hovedstadens sekretariat", ""]);
        return string.Join('\n', lines);
    }
}
