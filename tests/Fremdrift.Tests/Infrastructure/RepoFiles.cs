using System.Text.Json;

namespace Fremdrift.Tests.Infrastructure;

/// <summary>Reads the deployment files from the checkout the tests run in (found by walking up to Fremdrift.slnx).</summary>
internal static class RepoFiles
{
    public static readonly string Root = FindRoot();

    public static string MainBicep => File.ReadAllText(Path.Combine(Root, "infra", "bicep", "main.bicep"));

    /// <summary>Each Bicep file of the deployment (main.bicep and its modules) by its path under infra/bicep.</summary>
    public static IReadOnlyDictionary<string, string> BicepFiles =>
        Directory.EnumerateFiles(Path.Combine(Root, "infra", "bicep"), "*.bicep", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .ToDictionary(f => Path.GetRelativePath(Path.Combine(Root, "infra", "bicep"), f).Replace('\\', '/'), File.ReadAllText);

    /// <summary>main.bicep and its modules, one after the other.</summary>
    public static string AllBicep => string.Join("\n", BicepFiles.Values);

    public static string ModuleBicep(string name) => File.ReadAllText(Path.Combine(Root, "infra", "bicep", "modules", name));

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
