namespace Fremdrift.Shared.Domain;

/// <summary>A jobcentre's progress mark for one recommendation.</summary>
public enum Rating
{
    Groen,
    Gul,
    Roed,
    /// <summary>Only allowed for KAN (voluntary) recommendations.</summary>
    IkkeRelevant,
}

/// <summary>Danish names and wire codes of <see cref="Rating"/>.</summary>
internal static class RatingNames
{
    public static string Danish(this Rating rating) => rating switch
    {
        Rating.Groen => "Grøn",
        Rating.Gul => "Gul",
        Rating.Roed => "Rød",
        Rating.IkkeRelevant => "Ikke relevant",
        _ => throw new ArgumentOutOfRangeException(nameof(rating)),
    };

    /// <summary>The stable code used in forms and storage ("groen", "gul", "roed", "ikke-relevant").</summary>
    public static string Code(this Rating rating) => rating switch
    {
        Rating.Groen => "groen",
        Rating.Gul => "gul",
        Rating.Roed => "roed",
        Rating.IkkeRelevant => "ikke-relevant",
        _ => throw new ArgumentOutOfRangeException(nameof(rating)),
    };

    public static bool TryParseCode(string? code, out Rating rating)
    {
        switch (code)
        {
            case "groen": rating = Rating.Groen; return true;
            case "gul": rating = Rating.Gul; return true;
            case "roed": rating = Rating.Roed; return true;
            case "ikke-relevant": rating = Rating.IkkeRelevant; return true;
            default: rating = default; return false;
        }
    }

    /// <summary>Higher is better; used for year-over-year comparison. Null for "not relevant".</summary>
    public static int? Score(this Rating rating) => rating switch
    {
        Rating.Groen => 3,
        Rating.Gul => 2,
        Rating.Roed => 1,
        _ => null,
    };
}
