using System.ComponentModel.DataAnnotations;

namespace Fremdrift.Shared.Storage;

/// <summary>
/// Where the tables and the bilag container live. Locally a connection string (Azurite by default);
/// in Azure the service URIs with a managed identity, so that no account key exists anywhere.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Used when the service URIs are not set. Default: Azurite.</summary>
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>e.g. https://account.table.core.windows.net; takes precedence over the connection string.</summary>
    public string? TableServiceUri { get; set; }

    /// <summary>e.g. https://account.blob.core.windows.net; takes precedence over the connection string.</summary>
    public string? BlobServiceUri { get; set; }

    /// <summary>Client id of the user-assigned managed identity; empty means DefaultAzureCredential picks one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Prefix of every table name, so that several installations (or test runs) can share an account.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,29}$", ErrorMessage = "Storage:TablePrefix skal starte med et bogstav og kun indeholde bogstaver og cifre.")]
    public string TablePrefix { get; set; } = "fremdrift";

    /// <summary>The private container that holds the generated documents.</summary>
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Storage:DocumentContainer skal være et gyldigt containernavn (små bogstaver, cifre, bindestreg).")]
    public string DocumentContainer { get; set; } = "fremdrift-dokumenter";

    /// <summary>How the storage clients retry a failed request (see <see cref="StorageRetryOptions"/>).</summary>
    public StorageRetryOptions Retry { get; set; } = new();

    /// <summary>A readable name of where storage is, for error messages (never includes a key).</summary>
    public string DescribeEndpoint()
    {
        if (!string.IsNullOrWhiteSpace(TableServiceUri))
        {
            return TableServiceUri!;
        }

        if (ConnectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            return "Azurite på 127.0.0.1:10002 (UseDevelopmentStorage=true)";
        }

        var endpoint = ConnectionString.Split(';')
            .FirstOrDefault(p => p.StartsWith("TableEndpoint=", StringComparison.OrdinalIgnoreCase));
        return endpoint?["TableEndpoint=".Length..] ?? "kontoen i Storage:ConnectionString";
    }
}
