using System.Text.Json;

namespace Fremdrift.Tests.Infra;

/// <summary>Reads the deployment files from the checkout the tests run in (found by walking up to Fremdrift.slnx).</summary>
internal static class RepoFiles
{
    public static readonly string Root = FindRoot();

    public static string MainBicep => File.ReadAllText(Path.Combine(Root, "infra", "bicep", "main.bicep"));

    public static string HostJson => File.ReadAllText(Path.Combine(Root, "host.json"));

    public static string LocalSettingsSample => File.ReadAllText(Path.Combine(Root, "local.settings.sample.json"));

    /// <summary>The <c>Values</c> of local.settings.sample.json, in file order.</summary>
    public static IReadOnlyDictionary<string, string> LocalSettingsValues()
    {
        using var document = JsonDocument.Parse(LocalSettingsSample);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.GetProperty("Values").EnumerateObject())
        {
            values[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : property.Value.GetRawText();
        }

        return values;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Fremdrift.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Fremdrift.slnx not found above {AppContext.BaseDirectory}.");
    }
}
