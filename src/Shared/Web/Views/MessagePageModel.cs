namespace Fremdrift.Shared.Web.Views;

/// <summary>A page with a heading and at most one paragraph of text.</summary>
public sealed record MessagePageModel(string Title, string Heading, string? Text)
{
    /// <summary>Where the header's name leads (a secretariat page: its status page); null on a chief's page.</summary>
    public string? HomeLink { get; init; }
}
