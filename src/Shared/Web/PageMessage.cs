namespace Fremdrift.Shared.Web;

/// <summary>A Danish message at the top of a page, shown as text (see <see cref="Views.Notice"/>).</summary>
public sealed record PageMessage(string Text, bool IsError)
{
    /// <summary>The message, or null when there is no text to show.</summary>
    public static PageMessage? From(string? text, bool isError) => string.IsNullOrWhiteSpace(text) ? null : new PageMessage(text, isError);
}
