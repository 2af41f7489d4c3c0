namespace Fremdrift.Shared.Web.Views;

/// <summary>A page with a heading and at most one paragraph of text.</summary>
public sealed record MessagePageModel(string Title, string Heading, string? Text);
