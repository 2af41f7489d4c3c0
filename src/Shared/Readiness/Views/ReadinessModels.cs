namespace Fremdrift.Shared.Readiness.Views;

/// <summary>The readiness mail to the secretariat: the report and where the full page is.</summary>
public sealed record ReadinessMailModel(string Subject, ReadinessReport Report, string PageUrl);
