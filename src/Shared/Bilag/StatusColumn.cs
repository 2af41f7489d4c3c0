using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Bilag;

/// <summary>A chart series' pattern over its colour, drawn in black, so the series differ in black and white too (Word charts and the web's SVG draw the same).</summary>
public enum Hatch
{
    None,
    Dots,
    Diagonal,
    Vertical,
    DashedHorizontal,
}

/// <summary>What one municipality × recommendation counts as in the documents: its rating, or one of the two ways of having none.</summary>
public enum CellStatus
{
    Groen,
    Gul,
    Roed,
    IkkeRelevant,
    /// <summary>The jobcentre submitted, but gave this recommendation no status (possible for KAN before a status became mandatory).</summary>
    WithoutStatus,
    /// <summary>The jobcentre has not submitted the form at all.</summary>
    NotAnswered,
}

/// <summary>
/// One status column of the documents, described once: its heading (the Danish name of the <see cref="Rating"/>,
/// or "Uden status"/"Ikke svaret"), the mark and shading of an overview cell, the colour and black-and-white
/// pattern of its chart series, and its legend line. Every document and view that lists statuses (the bilag's
/// overview, counts, charts and trend, the own form, the Excel export, the web trend page) takes them from
/// <see cref="All"/> in this order, so a new status is added here and nowhere else.
/// </summary>
/// <param name="Status">What the column counts.</param>
/// <param name="Heading">The column's heading and the status word of a cell (the rating's Danish name).</param>
/// <param name="Mark">The overview cell's sign, so the status reads without colour (shapes, not letters: Grøn and Gul share theirs).</param>
/// <param name="Fill">Shading of a cell with this status (hex RGB), light enough for black text; null for none.</param>
/// <param name="ChartColour">Fill of the chart series (hex RGB).</param>
/// <param name="Pattern">The chart series' pattern over <paramref name="ChartColour"/>, so black and white tells the series apart; Hatch.None for a plain fill.</param>
/// <param name="Meaning">The legend's explanation after the heading, or empty when the heading says it all.</param>
public sealed record StatusColumn(CellStatus Status, string Heading, string Mark, string? Fill, string ChartColour, Hatch Pattern, string Meaning)
{
    public static readonly StatusColumn Groen = FromRating(Domain.Rating.Groen, CellStatus.Groen, "✓", "9BD18B", Hatch.None, "");
    public static readonly StatusColumn Gul = FromRating(Domain.Rating.Gul, CellStatus.Gul, "!", "FFE066", Hatch.Dots, "");
    public static readonly StatusColumn Roed = FromRating(Domain.Rating.Roed, CellStatus.Roed, "✗", "F28B82", Hatch.Diagonal, "");
    public static readonly StatusColumn IkkeRelevant = FromRating(Domain.Rating.IkkeRelevant, CellStatus.IkkeRelevant, "–", "E7E6E6", Hatch.Vertical, "kun KAN-anbefalinger");

    public static readonly StatusColumn WithoutStatus = new(
        CellStatus.WithoutStatus, "Uden status", "?", null, "BFBFBF", Hatch.DashedHorizontal,
        "jobcentret har indsendt skemaet, men ikke givet denne anbefaling en status");

    public static readonly StatusColumn NotAnswered = new(
        CellStatus.NotAnswered, "Ikke svaret", "·", "F2F2F2", "FFFFFF", Hatch.None,
        "jobcentret har ikke indsendt skemaet (hele kolonnen er markeret \"ikke svaret\")");

    /// <summary>Every status column in the documents' order; <c>All[(int)status]</c> is the column of <c>status</c>.</summary>
    public static readonly IReadOnlyList<StatusColumn> All = [Groen, Gul, Roed, IkkeRelevant, WithoutStatus, NotAnswered];

    /// <summary>The rating this column stands for; null for "Uden status" and "Ikke svaret".</summary>
    public Rating? Rating => Status switch
    {
        CellStatus.Groen => Domain.Rating.Groen,
        CellStatus.Gul => Domain.Rating.Gul,
        CellStatus.Roed => Domain.Rating.Roed,
        CellStatus.IkkeRelevant => Domain.Rating.IkkeRelevant,
        _ => null,
    };

    /// <summary>The legend line: "Ikke relevant (kun KAN-anbefalinger)", "Uden status: jobcentret har …".</summary>
    public string LegendText => Meaning.Length == 0 ? Heading : Rating is null ? $"{Heading}: {Meaning}" : $"{Heading} ({Meaning})";

    /// <summary>
    /// How a cell is counted: its rating's column when it has one; "Uden status" when the jobcentre submitted
    /// without one; "Ikke svaret" when it has not submitted.
    /// </summary>
    public static StatusColumn Of(bool answered, Rating? rating) => rating switch
    {
        Domain.Rating.Groen => Groen,
        Domain.Rating.Gul => Gul,
        Domain.Rating.Roed => Roed,
        Domain.Rating.IkkeRelevant => IkkeRelevant,
        _ => answered ? WithoutStatus : NotAnswered,
    };

    public static StatusColumn Of(Rating rating) => Of(answered: true, rating);

    private static StatusColumn FromRating(Rating rating, CellStatus status, string mark, string colour, Hatch pattern, string meaning) =>
        new(status, rating.Danish(), mark, colour, colour, pattern, meaning);
}
