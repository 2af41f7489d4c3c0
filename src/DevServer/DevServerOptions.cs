namespace Fremdrift.DevServer;

/// <summary>Settings of the local host only (section "DevServer"); nothing here exists in Azure.</summary>
internal sealed class DevServerOptions
{
    public const string Section = "DevServer";

    /// <summary>Start Azurite from tools/ and point storage at it (default). Off: use Storage:ConnectionString as given.</summary>
    public bool EmbeddedAzurite { get; set; } = true;

    /// <summary>Where the embedded Azurite keeps its data and the mail outbox is written; relative to the repository.</summary>
    public string DataFolder { get; set; } = ".devdata";
}
