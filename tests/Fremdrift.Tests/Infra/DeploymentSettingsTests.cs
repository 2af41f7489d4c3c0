using System.Reflection;
using System.Text.RegularExpressions;
using Fremdrift.Shared.Storage;

namespace Fremdrift.Tests.Infra;

/// <summary>
/// Every setting the code reads must be configured both for a local run (local.settings.sample.json) and in Azure
/// (the app settings in infra/bicep/main.bicep), so that a new option cannot ship without a value in production.
/// </summary>
public partial class DeploymentSettingsTests
{
    /// <summary>
    /// Settings that deliberately exist only locally. Each is also checked to be ABSENT from Azure, because setting it
    /// there would be a fault.
    /// </summary>
    private static readonly Dictionary<string, string> LocalOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Storage__ConnectionString"] = "Azure reaches storage with the managed identity (Storage__TableServiceUri, Storage__BlobServiceUri); a connection string would carry an account key.",
        ["Mail__SendGridHost"] = "points the SendGrid SDK at a local mock; in Azure mail must go to SendGrid itself.",
        ["BounceWebhook__AllowUnsigned"] = "accepts unsigned SendGrid events for local tests; in Azure a verification key is always required.",
    };

    [Fact]
    public void Every_option_property_is_set_in_the_local_sample_and_in_the_Bicep_app_settings()
    {
        var expected = OptionSettings();
        var local = RepoFiles.LocalSettingsValues().Keys.ToList();
        var azure = BicepAppSettingNames(RepoFiles.MainBicep);

        var missingLocally = expected.Where(s => !IsPresent(s, local)).ToList();
        var missingInAzure = expected.Where(s => !LocalOnly.ContainsKey(s.Name) && !IsPresent(s, azure)).ToList();

        var problems = new List<string>();
        if (missingLocally.Count > 0)
        {
            problems.Add("Missing from local.settings.sample.json \"Values\":\n" + Describe(missingLocally));
        }

        if (missingInAzure.Count > 0)
        {
            problems.Add("Missing from the appSettings of infra/bicep/main.bicep (add { name: '...', value: ... }):\n" + Describe(missingInAzure));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Local_only_settings_are_never_set_in_Azure()
    {
        var azure = BicepAppSettingNames(RepoFiles.MainBicep);

        var wronglyInAzure = LocalOnly.Where(e => azure.Contains(e.Key, StringComparer.OrdinalIgnoreCase))
            .Select(e => $"  {e.Key}: {e.Value}")
            .ToList();

        Assert.True(wronglyInAzure.Count == 0, "Set in main.bicep but must stay local:\n" + string.Join("\n", wronglyInAzure));
    }

    [Fact]
    public void Option_discovery_finds_the_known_sections_and_their_properties()
    {
        // Guards the reflection itself: if it found nothing, the coverage test above would pass vacuously.
        var names = OptionSettings().Select(s => s.Name).ToList();

        Assert.Contains("Storage__TableServiceUri", names);
        Assert.Contains("Storage__TablePrefix", names);
        Assert.Contains("Mail__SendGridApiKey", names);
        Assert.Contains("Mail__RetryDelay", names);
        Assert.DoesNotContain(names, n => n.EndsWith("__Section", StringComparison.Ordinal));
        // A method such as StorageOptions.DescribeEndpoint() is not a setting.
        Assert.DoesNotContain(names, n => n.Contains("Describe", StringComparison.Ordinal));
    }

    [Fact]
    public void Bicep_parser_reads_only_the_app_settings_array()
    {
        const string bicep = """
            resource x 'Microsoft.Web/sites@2024-11-01' = {
              name: 'not-a-setting'
              properties: {
                siteConfig: {
                  appSettings: [
                    // the chiefs' sender ]
                    {
                      name: 'Mail__FromEmail'
                      value: '${a}]\'['
                    }
                    { name: 'Storage__TablePrefix', value: 'x' }
                  ]
                }
              }
            }
            output n string = 'Mail__FromName'
            """;

        Assert.Equal(["Mail__FromEmail", "Storage__TablePrefix"], BicepAppSettingNames(bicep));
    }

    [Fact]
    public void Settings_that_host_json_refers_to_are_set_locally_and_in_Azure()
    {
        var referenced = HostJsonSettingReference().Matches(RepoFiles.HostJson).Select(m => m.Groups[1].Value).Distinct().ToList();
        var local = RepoFiles.LocalSettingsValues();
        var azure = BicepAppSettingNames(RepoFiles.MainBicep);

        Assert.Contains("DurableTaskHubName", referenced);
        Assert.All(referenced, name =>
        {
            Assert.True(local.ContainsKey(name), $"host.json refers to %{name}%, which local.settings.sample.json does not set.");
            Assert.True(azure.Contains(name), $"host.json refers to %{name}%, which main.bicep does not set.");
        });
    }

    [Fact]
    public void Functions_host_storage_is_identity_based_in_Azure_and_Azurite_locally()
    {
        var azure = BicepAppSettingNames(RepoFiles.MainBicep);
        var local = RepoFiles.LocalSettingsValues();

        Assert.Equal("UseDevelopmentStorage=true", local["AzureWebJobsStorage"]);
        Assert.Equal("dotnet-isolated", local["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.DoesNotContain("AzureWebJobsStorage", azure);
        foreach (var name in new[] { "credential", "clientId", "blobServiceUri", "queueServiceUri", "tableServiceUri" })
        {
            Assert.Contains($"AzureWebJobsStorage__{name}", azure);
        }
    }

    /// <summary>One expected setting: the exact name, or (for a list or dictionary) a prefix that any key may extend.</summary>
    internal sealed record ExpectedSetting(string Name, bool IsPrefix, string DeclaredBy);

    /// <summary>
    /// Every public class in Fremdrift.Shared with <c>public const string Section</c>, and every public settable
    /// property of it as <c>Section__Property</c> (nested option objects as <c>Section__Property__Inner</c>).
    /// </summary>
    internal static List<ExpectedSetting> OptionSettings()
    {
        var settings = new List<ExpectedSetting>();
        foreach (var type in typeof(StorageOptions).Assembly.GetExportedTypes().Where(t => t.IsClass).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var section = type.GetField("Section", BindingFlags.Public | BindingFlags.Static);
            if (section is { IsLiteral: true } && section.FieldType == typeof(string))
            {
                AddProperties(type, (string)section.GetRawConstantValue()!, type.Name, settings, depth: 0);
            }
        }

        return settings;
    }

    private static void AddProperties(Type type, string prefix, string declaredBy, List<ExpectedSetting> settings, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var name = $"{prefix}__{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(propertyType))
            {
                settings.Add(new(name, IsPrefix: false, $"{declaredBy}.{property.Name}"));
            }
            else if (propertyType != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(propertyType))
            {
                settings.Add(new(name + "__", IsPrefix: true, $"{declaredBy}.{property.Name}"));
            }
            else if (depth < 3)
            {
                AddProperties(propertyType, name, $"{declaredBy}.{property.Name}", settings, depth + 1);
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly)
        || type == typeof(Guid) || type == typeof(Uri);

    private static bool IsPresent(ExpectedSetting setting, IReadOnlyCollection<string> keys) =>
        setting.IsPrefix
            ? keys.Any(k => k.StartsWith(setting.Name, StringComparison.OrdinalIgnoreCase))
            : keys.Contains(setting.Name, StringComparer.OrdinalIgnoreCase);

    private static string Describe(IEnumerable<ExpectedSetting> settings) =>
        string.Join("\n", settings.Select(s => s.IsPrefix
            ? $"  {s.Name}0 (or any {s.Name}* key; list/dictionary {s.DeclaredBy})"
            : $"  {s.Name} ({s.DeclaredBy})"));

    /// <summary>The <c>name: '...'</c> entries inside the <c>appSettings: [ ... ]</c> array of main.bicep.</summary>
    internal static List<string> BicepAppSettingNames(string bicep)
    {
        var start = bicep.IndexOf("appSettings: [", StringComparison.Ordinal);
        Assert.True(start >= 0, "main.bicep has no 'appSettings: [' array.");
        // Find the matching ']', skipping brackets inside '...' strings and // comments (which may hold apostrophes).
        var depth = 0;
        var end = start;
        var inString = false;
        for (var i = bicep.IndexOf('[', start); i < bicep.Length; i++)
        {
            var c = bicep[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '\'')
                {
                    inString = false;
                }
            }
            else if (c == '/' && i + 1 < bicep.Length && bicep[i + 1] == '/')
            {
                i = bicep.IndexOf('\n', i) is var newline and >= 0 ? newline : bicep.Length;
            }
            else if (c == '\'')
            {
                inString = true;
            }
            else if (c == '[')
            {
                depth++;
            }
            else if (c == ']' && --depth == 0)
            {
                end = i;
                break;
            }
        }

        return BicepSettingName().Matches(bicep[start..end]).Select(m => m.Groups[1].Value).ToList();
    }

    [GeneratedRegex(@"\bname:\s*'([^']+)'")]
    private static partial Regex BicepSettingName();

    [GeneratedRegex(@"%([A-Za-z0-9_]+)%")]
    private static partial Regex HostJsonSettingReference();
}
