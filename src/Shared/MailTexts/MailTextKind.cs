using System.Globalization;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.MailTexts;

/// <summary>One named value a mail text may use, as <c>{name}</c>, and what it becomes (Danish, for the editor).</summary>
public sealed record Placeholder(string Name, string Meaning);

/// <summary>A mail's text for a year: subject and body, plain text with <c>{placeholders}</c>.</summary>
public sealed record MailText(string Subject, string Body);

/// <summary>
/// A mail whose text the secretariat edits per year: its key (the <c>mail|key</c> row), its Danish name, the
/// placeholders it may use, whether its body must hold <c>{link}</c>, the button's label, today's text as the
/// default, and which send-log steps mean "this text has gone out" (after which it is locked for that year).
/// </summary>
public sealed record MailTextKind(
    string Key,
    string Name,
    string Recipient,
    IReadOnlyList<Placeholder> Placeholders,
    bool RequiresLink,
    string LinkLabel,
    MailText Default,
    Func<string, bool> IsSentBy)
{
    /// <summary>Whether <paramref name="entry"/> shows this text was sent (to anyone) in its year.</summary>
    public bool LockedBy(SendLogEntry entry) => entry.Status == SendStatus.Sent && IsSentBy(entry.Step);
}

/// <summary>
/// The mails with editable texts, in the order the year sends them. Today's texts are the defaults. The reminders
/// share the placeholders <c>{status}</c> and <c>{mangler}</c>, computed at send time from the jobcentre's draft.
/// The new-link mail, and the notices about a moved deadline or a reopened cycle, keep their texts in
/// <see cref="Survey.SurveyMailTemplates"/>.
/// </summary>
internal static class MailTextKinds
{
    private static readonly Placeholder Jobcentre = new("jobcenter", "jobcentrets navn, fx Jobcenter Albertslund");
    private static readonly Placeholder Municipality = new("kommune", "kommunens navn, fx Albertslund");
    private static readonly Placeholder Chief = new("chef", "jobcenterchefens navn (\"jobcenterchef\", hvis navnet mangler)");
    private static readonly Placeholder Year = new("år", "opfølgningens år, fx 2028");
    private static readonly Placeholder Deadline = new("svarfrist", "svarfristen med ugedag, dato og klokkeslæt");
    private static readonly Placeholder DeadlineDate = new("svarfrist_dato", "svarfristens dato uden klokkeslæt");
    private static readonly Placeholder DaysLeft = new("dage_tilbage", "antal hele dage fra afsendelsen til svarfristen");
    private static readonly Placeholder Contact = new("kontakt", "sekretariatets kontaktlinje (Mail__SecretariatContact)");
    private static readonly Placeholder Link = new("link", "det personlige link, som knap, når det står alene i et afsnit");
    private static readonly Placeholder Status = new("status", "hvor jobcentret er: ingen kladde endnu, kladde klar til at indsende, eller kladde med mangler");
    private static readonly Placeholder Missing = new("mangler", "det, der stadig mangler i kladden, som punktopstilling (tom, hvis intet mangler)");

    private static readonly Placeholder[] Chiefs = [Jobcentre, Municipality, Chief, Year, Deadline, DeadlineDate, DaysLeft, Contact, Link];

    public const string InvitationKey = "invitation";
    public const string BilagReadyKey = "bilag-klar";
    public const string OwnFormKey = "eget-skema";

    /// <summary>The reminder text used for automatic round <paramref name="round"/> (and the last one for every later or manual round).</summary>
    public static string ReminderKey(int round) => "paamindelse-" + Math.Clamp(round, 1, LastReminderText).ToString(CultureInfo.InvariantCulture);

    /// <summary>Rounds 1 and 2 have a text each; round 3 and every later or manual round share the third.</summary>
    public const int LastReminderText = 3;

    private const string Greeting = "Til: {chef}, {jobcenter}\n\nKære {chef}\n\n";
    private const string Closing = "Spørgsmål? Kontakt {kontakt}.\n\nVenlig hilsen\nKKR Hovedstadens sekretariat";

    public static readonly MailTextKind Invitation = new(
        InvitationKey,
        "Invitation",
        "jobcenterchefen",
        Chiefs,
        RequiresLink: true,
        "Åbn jeres skema",
        new MailText(
            "Fremdriftsskema {år}: jeres svar senest {svarfrist_dato}",
            Greeting +
            "KKR Hovedstaden følger hvert år op på anbefalingerne om tværkommunalt samarbejde på beskæftigelsesområdet. Vi beder jer udfylde fremdriftsskemaet for {år} for {jobcenter}: for hver anbefaling en farve (Grøn, Gul eller Rød) og en bemærkning.\n\n" +
            "Svarfrist: {svarfrist}.\n\n" +
            "{link}\n\n" +
            "I kan gemme en kladde og vende tilbage, og I kan rette jeres svar, indtil svarfristen udløber. Linket er personligt for jeres jobcenter; del det kun med kolleger, der hjælper med svaret.\n\n" +
            Closing),
        step => step == MailSteps.Invitation);

    public static readonly IReadOnlyList<MailTextKind> Reminders = Enumerable.Range(1, LastReminderText).Select(Reminder).ToList();

    public static readonly MailTextKind BilagReady = new(
        BilagReadyKey,
        "Bilag klar (lukning, til sekretariatet)",
        "sekretariatet",
        [Year, new("dannet", "hvornår bilaget blev dannet"), new("svarprocent", "hvor mange der svarede, fx 20 af 29 jobcentre har svaret"), new("filnavn", "bilagets filnavn"), new("link", "adressen på sekretariatets dokumentside, som knap, når det står alene i et afsnit")],
        RequiresLink: false,
        "Åbn dokumentsiden",
        new MailText(
            "Bilaget for {år} er klar",
            "Opfølgningen for {år} er lukket, og det endelige bilag er dannet {dannet}.\n\n" +
            "{svarprocent}.\n\n" +
            "Hent bilaget (\"{filnavn}\") på sekretariatets dokumentside:\n\n" +
            "{link}\n\n" +
            "Samme sted ligger Excel-udtrækket af alle svar og kommunernes egne fremdriftsskemaer.\n\n" +
            "Venlig hilsen\nFremdrift"),
        step => step == MailSteps.BilagReady);

    public static readonly MailTextKind OwnForm = new(
        OwnFormKey,
        "Eget fremdriftsskema (efter lukning)",
        "jobcenterchefen",
        [Jobcentre, Municipality, Chief, Year, Contact],
        RequiresLink: false,
        "",
        new MailText(
            "Jeres fremdriftsskema for {år} – {kommune} Kommune",
            "Kære {chef}\n\n" +
            "Opfølgningen på KKR Hovedstadens anbefalinger for {år} er afsluttet. Vedhæftet er {jobcenter}s eget fremdriftsskema med jeres svar, til brug når kommunalbestyrelsen behandler kommunens status.\n\n" +
            "Spørgsmål: {kontakt}\n\n" +
            "Venlig hilsen\nKKR Hovedstadens sekretariat"),
        step => step == MailSteps.OwnForm);

    /// <summary>Every editable mail, in the order a year sends them.</summary>
    public static IReadOnlyList<MailTextKind> All { get; } = [Invitation, .. Reminders, BilagReady, OwnForm];

    public static MailTextKind? Find(string? key) => All.FirstOrDefault(k => k.Key == key);

    private static MailTextKind Reminder(int round)
    {
        var last = round == LastReminderText;
        return new MailTextKind(
            ReminderKey(round),
            last ? $"Påmindelse {round} og senere (også manuelle)" : $"Påmindelse {round}",
            "jobcenterchefen",
            [.. Chiefs, Status, Missing],
            RequiresLink: true,
            "Åbn jeres skema",
            new MailText(
                "Påmindelse: fremdriftsskema {år} senest {svarfrist_dato}",
                Greeting +
                "Vi har endnu ikke modtaget {jobcenter}s fremdriftsskema for {år}. Svarfristen er {svarfrist}.\n\n" +
                "{status}\n\n" +
                "{mangler}\n\n" +
                "{link}\n\n" +
                "Linket er det samme som i invitationen.\n\n" +
                Closing),
            step => MailSteps.RoundOf(step) is { } r && (last ? r >= round : r == round));
    }
}
