using System.Reflection;
using System.Text.RegularExpressions;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Fremdrift.Tests.Deployment;

/// <summary>
/// Each behaviour default is written once, in its options class. local.settings.sample.json lists every key with that
/// default (checked here by binding the sample as the app would), and main.bicep sets only what differs per
/// environment; other behaviour reaches Azure only through its behaviourSettings parameter, when set.
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
        ["Mail__GraphBaseUrl"] = "points the Graph client at a local stand-in; in Azure mail must go to Microsoft Graph itself.",
        ["BounceWebhook__AllowUnsigned"] = "accepts unsigned SendGrid events for local tests; in Azure a verification key is always required.",
    };

    /// <summary>Where the local sample differs from the options' default on purpose, and why.</summary>
    private static readonly Dictionary<string, string> LocalValues = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Mail__SendGridHost"] = "the local SendGrid mock (Prism) instead of SendGrid",
        ["Survey__PublicBaseUrl"] = "the local Functions host's address (required in Azure, no default)",
        ["BounceWebhook__AllowUnsigned"] = "the local mock's events are unsigned",
        ["Storage__Retry__MaxRetries"] = "Azurite on the same machine: fail within seconds (StorageRetryOptions.Azurite)",
        ["Storage__Retry__Delay"] = "Azurite on the same machine",
        ["Storage__Retry__MaxDelay"] = "Azurite on the same machine",
        ["Storage__Retry__NetworkTimeout"] = "Azurite on the same machine",
    };

    /// <summary>What main.bicep sets because it differs per environment (or is a secret or a resource it creates), and why.</summary>
    private static readonly Dictionary<string, string> SetByBicep = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Storage__TableServiceUri"] = "the environment's storage account",
        ["Storage__BlobServiceUri"] = "the environment's storage account",
        ["Storage__ManagedIdentityClientId"] = "the environment's identity",
        ["Storage__TablePrefix"] = "names the tables the template's role assignments cover",
        ["Storage__DocumentContainer"] = "the container the template creates",
        ["Mail__SendGridApiKey"] = "a Key Vault reference",
        ["Mail__Provider"] = "the environment's choice of SendGrid or the secretariat's Microsoft 365 mailbox (Graph)",
        ["Mail__GraphMailbox"] = "the environment's Microsoft 365 mailbox (empty with SendGrid)",
        ["Mail__GraphBounceSchedule"] = "the Functions host resolves the bounce timer's %Mail:GraphBounceSchedule% from app settings",
        ["Mail__FromEmail"] = "the environment's verified sender",
        ["Mail__FromName"] = "differs between test and production",
        ["Mail__SecretariatEmail"] = "the environment's mailbox",
        ["Mail__SecretariatContact"] = "differs between test and production",
        ["Survey__LinkSigningKey"] = "a Key Vault reference",
        ["Survey__PublicBaseUrl"] = "the environment's host name",
        ["Cycle__TimerSchedule"] = "the Functions host resolves the timer's %Cycle:TimerSchedule% from app settings",
        ["BounceWebhook__VerificationKey"] = "the environment's SendGrid key",
        ["Secretariat__AllowedGroupOrRole"] = "the environment's Entra group",
        ["Site__AccessibilityStatementUrl"] = "the organisation's published accessibility statement",
        ["Site__PrivacyNoticeUrl"] = "the organisation's published privacy notice",
    };

    /// <summary>Host settings of the sample that are not options of the app.</summary>
    private static readonly string[] HostSettings = ["AzureWebJobsStorage", "FUNCTIONS_WORKER_RUNTIME", "DurableTaskHubName"];

    [Fact]
    public void The_local_sample_lists_every_option_with_its_default_and_nothing_else()
    {
        var expected = OptionSettings();
        var sample = RepoFiles.LocalSettingsValues();

        var missing = expected.Where(s => !IsPresent(s, sample.Keys.ToList())).ToList();
        Assert.True(missing.Count == 0, "Missing from local.settings.sample.json \"Values\":\n" + Describe(missing));

        var unknown = sample.Keys.Where(k => !HostSettings.Contains(k) && !expected.Any(s => s.IsPrefix ? k.StartsWith(s.Name, StringComparison.OrdinalIgnoreCase) : s.Name.Equals(k, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(unknown.Count == 0, "local.settings.sample.json names settings that no options class reads: " + string.Join(", ", unknown));

        var differing = DefaultMismatches(sample).Where(m => !LocalValues.ContainsKey(m.Name)).ToList();
        Assert.True(differing.Count == 0, "local.settings.sample.json differs from the options' defaults:\n" + string.Join("\n", differing.Select(d => $"  {d.Name}: sample {d.Sample}, default {d.Default}")));
    }

    [Fact]
    public void The_default_check_finds_a_changed_default()
    {
        // Guards the check above: a sample value that differs from the default is found.
        var sample = new Dictionary<string, string>(RepoFiles.LocalSettingsValues()) { ["Cycle__DeadlineMonth"] = "3", ["Mail__RetryDelay"] = "00:00:02" };

        Assert.Equal(["Cycle__DeadlineMonth", "Mail__RetryDelay"], DefaultMismatches(sample).Select(m => m.Name).Where(n => !LocalValues.ContainsKey(n)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Bicep_sets_what_differs_per_environment_and_behaviour_only_through_behaviourSettings()
    {
        var azure = BicepAppSettingNames(RepoFiles.MainBicep);
        var options = OptionSettings().Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var behaviour = azure.Where(n => options.Contains(n) && !SetByBicep.ContainsKey(n)).ToList();
        Assert.True(behaviour.Count == 0, "main.bicep sets behaviour that its options class already defaults (use behaviourSettings in a .bicepparam): " + string.Join(", ", behaviour));

        var missing = SetByBicep.Keys.Where(n => !azure.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.True(missing.Count == 0, "main.bicep does not set: " + string.Join(", ", missing));
        Assert.All(SetByBicep.Keys, n => Assert.Contains(n, options));
        Assert.Contains("param behaviourSettings object = {}", RepoFiles.MainBicep, StringComparison.Ordinal);
    }

    private sealed record Mismatch(string Name, string? Sample, string? Default);

    /// <summary>Binds the sample's values into each options class as the app does, and compares with a fresh instance.</summary>
    private static List<Mismatch> DefaultMismatches(IReadOnlyDictionary<string, string> sample)
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(sample.Select(kv => new KeyValuePair<string, string?>(kv.Key.Replace("__", ":", StringComparison.Ordinal), kv.Value)))
            .Build();
        var mismatches = new List<Mismatch>();
        foreach (var type in OptionTypes())
        {
            var section = (string)type.GetField("Section")!.GetRawConstantValue()!;
            var defaults = Activator.CreateInstance(type)!;
            var bound = Activator.CreateInstance(type)!;
            Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(section), bound);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true } && IsScalar(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType)))
            {
                var expected = Text(property.GetValue(defaults));
                var actual = Text(property.GetValue(bound));
                if (expected != actual)
                {
                    mismatches.Add(new($"{section}__{property.Name}", actual, expected));
                }
            }
        }

        return mismatches;
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string { Length: 0 } => null,
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

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
        foreach (var type in OptionTypes())
        {
            AddProperties(type, (string)type.GetField("Section")!.GetRawConstantValue()!, type.Name, settings, depth: 0);
        }

        return settings;
    }

    /// <summary>Every public class in Fremdrift.Shared with <c>public const string Section</c>.</summary>
    private static List<Type> OptionTypes() =>
        typeof(StorageOptions).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } f && f.FieldType == typeof(string))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();

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
        // main.bicep lists them as "var appSettings = [ ... ]" for the app module; a resource would say "appSettings: [".
        var start = bicep.IndexOf("var appSettings = [", StringComparison.Ordinal) is var v and >= 0 ? v : bicep.IndexOf("appSettings: [", StringComparison.Ordinal);
        Assert.True(start >= 0, "main.bicep has no 'var appSettings = [' or 'appSettings: [' array.");
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
