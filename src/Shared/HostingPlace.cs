namespace Fremdrift.Shared;

/// <summary>Where the app runs: in Azure App Service / Functions the platform sets WEBSITE_SITE_NAME.</summary>
public sealed record HostingPlace(bool IsAzure)
{
    public static HostingPlace FromEnvironment() => new(!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("WEBSITE_SITE_NAME")));
}
