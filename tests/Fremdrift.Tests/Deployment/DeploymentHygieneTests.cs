using System.Text.Json;
using System.Text.RegularExpressions;
using Fremdrift.Tests.Infrastructure;

namespace Fremdrift.Tests.Deployment;

/// <summary>No secrets in the repo's deployment files, and the Bicep conventions the README promises.</summary>
public partial class DeploymentHygieneTests
{
    [Fact]
    public void Local_settings_sample_contains_no_secret_looking_values()
    {
        var offending = SecretLookingValues(RepoFiles.LocalSettingsValues());

        Assert.True(offending.Count == 0, "local.settings.sample.json holds secret-looking values:\n" + string.Join("\n", offending));
    }

    [Theory]
    [InlineData("Storage__ConnectionString", "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc123==;EndpointSuffix=core.windows.net")]
    [InlineData("Mail__SendGridApiKey", "SG.abcdefghijklmnop.qrstuvwxyz0123456789")]
    [InlineData("Mail__FromName", "pasted by mistake SG.abcdefghijklmnop.qrstuvwxyz")]
    [InlineData("Storage__BlobServiceUri", "https://x.blob.core.windows.net/?sv=2024-01-01&sig=abcdef")]
    [InlineData("Survey__WebhookVerificationKey", "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE")]
    public void Secret_detector_flags_keys_tokens_and_filled_in_secret_settings(string name, string value)
    {
        // Guards the detector itself, so that the test above cannot pass by detecting nothing.
        Assert.Single(SecretLookingValues(new Dictionary<string, string> { [name] = value }));
    }

    [Theory]
    [InlineData("Storage__ConnectionString", "UseDevelopmentStorage=true")]
    [InlineData("Mail__SendGridApiKey", "")]
    [InlineData("Mail__SendGridHost", "http://127.0.0.1:4010")]
    [InlineData("AzureWebJobsStorage", "UseDevelopmentStorage=true")]
    public void Secret_detector_accepts_local_defaults(string name, string value)
    {
        Assert.Empty(SecretLookingValues(new Dictionary<string, string> { [name] = value }));
    }

    [Fact]
    public void Main_bicep_reads_no_account_keys_and_creates_no_secret_values()
    {
        var bicep = WithoutComments(RepoFiles.AllBicep);

        Assert.DoesNotContain("listKeys(", bicep, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey=", bicep, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Microsoft.KeyVault/vaults/secrets", bicep, StringComparison.Ordinal);
        Assert.Contains("allowSharedKeyAccess: false", bicep, StringComparison.Ordinal);
        Assert.Contains("DisableLocalAuth: true", bicep, StringComparison.Ordinal);
        Assert.Contains("enableRbacAuthorization: true", bicep, StringComparison.Ordinal);
        Assert.Matches(@"name: 'Mail__SendGridApiKey'\s+value: '@Microsoft\.KeyVault\(SecretUri=", bicep);
    }

    [Fact]
    public void Every_parameter_of_main_bicep_and_its_modules_has_a_description()
    {
        var undocumented = new List<string>();
        foreach (var (file, text) in RepoFiles.BicepFiles)
        {
            Undocumented(file, text.Split('\n'), undocumented);
        }

        Assert.True(undocumented.Count == 0, "Parameters without @description:\n" + string.Join("\n", undocumented));
    }

    private static void Undocumented(string file, string[] lines, List<string> undocumented)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("param ", StringComparison.Ordinal))
            {
                continue;
            }

            var hasDescription = false;
            for (var j = i - 1; j >= 0; j--)
            {
                var line = lines[j].Trim();
                if (line.StartsWith("@description(", StringComparison.Ordinal))
                {
                    hasDescription = true;
                }
                else if (!DecoratorLine().IsMatch(line))
                {
                    break; // past the decorators (an @allowed list spans several lines)
                }
            }

            if (!hasDescription)
            {
                undocumented.Add($"{file} line {i + 1}: {lines[i].Trim()}");
            }
        }
    }

    [Fact]
    public void Every_role_assignment_is_named_with_guid_and_the_identity_gets_its_roles_through_the_one_module()
    {
        var assignments = RoleAssignment().Matches(RepoFiles.AllBicep);
        var roleModule = RepoFiles.ModuleBicep("roleAssignment.bicep");
        var identity = RepoFiles.ModuleBicep("identity.bicep");

        Assert.True(assignments.Count >= 3, $"expected the role assignment module's declarations, found {assignments.Count}");
        Assert.All(assignments, m => Assert.StartsWith("guid(", m.Groups[1].Value, StringComparison.Ordinal));
        Assert.Equal(assignments.Count, RoleAssignment().Count(roleModule));
        Assert.Equal(2, Regex.Count(identity, @"^module \w+ 'roleAssignment\.bicep'", RegexOptions.Multiline));
        foreach (var role in new[] { "storageBlobDataOwner", "storageQueueDataContributor", "storageTableDataContributor", "monitoringMetricsPublisher", "keyVaultSecretsUser" })
        {
            Assert.Matches(@"\{ kind: '\w+', resource: \w+, role: roles\." + role + " }", identity);
        }
    }

    [Fact]
    public void Every_alert_event_the_app_logs_is_queried_by_an_alert_rule_with_properties_the_app_writes()
    {
        var monitoring = RepoFiles.ModuleBicep("monitoring.bicep");
        var names = typeof(Fremdrift.Shared.Monitoring.AlertEvents).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(f => ((Microsoft.Extensions.Logging.EventId)f.GetValue(null)!).Name!)
            .ToList();
        var source = string.Join("\n", Directory.EnumerateFiles(Path.Combine(RepoFiles.Root, "src"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));

        Assert.Equal(5, names.Count);
        Assert.All(names, name => Assert.Contains($"\"{name}\"", monitoring, StringComparison.Ordinal));
        Assert.All(names, name => Assert.Contains($"AlertEvents.{name},", source, StringComparison.Ordinal));
        // The message template properties the queries read (customDimensions.X) are written by some log call.
        var properties = Regex.Matches(monitoring, @"customDimensions\.(\w+)").Select(m => m.Groups[1].Value)
            .Where(p => p is not ("EventName" or "Category") && !p.StartsWith("prop__", StringComparison.Ordinal)).Distinct().ToList();
        Assert.NotEmpty(properties);
        Assert.All(properties, p => Assert.Contains("{" + p + "}", source, StringComparison.Ordinal));
        Assert.Contains("Microsoft.Insights/actionGroups@", monitoring, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Insights/scheduledQueryRules@", monitoring, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_json_is_for_the_isolated_worker_with_the_task_hub_from_an_app_setting()
    {
        using var host = JsonDocument.Parse(RepoFiles.HostJson);
        var root = host.RootElement;

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        // The isolated worker brings its extensions as NuGet packages; a bundle would load a second copy.
        Assert.False(root.TryGetProperty("extensionBundle", out _));
        var durable = root.GetProperty("extensions").GetProperty("durableTask");
        Assert.Equal("%DurableTaskHubName%", durable.GetProperty("hubName").GetString());
        Assert.Equal("AzureStorage", durable.GetProperty("storageProvider").GetProperty("type").GetString());
        Assert.Equal("AzureWebJobsStorage", durable.GetProperty("storageProvider").GetProperty("connectionName").GetString());
    }

    internal static List<string> SecretLookingValues(IReadOnlyDictionary<string, string> values)
    {
        var found = new List<string>();
        foreach (var (name, value) in values)
        {
            if (SecretPattern().IsMatch(value))
            {
                found.Add($"  {name}: looks like a key, token or signature");
            }
            else if (SecretName().IsMatch(name) && value.Length > 0)
            {
                found.Add($"  {name}: a secret setting must stay empty in the sample (put yours in local.settings.json, which git ignores)");
            }
        }

        return found;
    }

    private static string WithoutComments(string bicep) => LineComment().Replace(bicep, "");

    [GeneratedRegex(@"AccountKey=|SharedAccessSignature=|SharedAccessKey=|[?&]sig=|\bSG\.[A-Za-z0-9_-]{10,}|InstrumentationKey=[0-9a-f-]{36}", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPattern();

    [GeneratedRegex(@"(ApiKey|Secret|Password|Token|VerificationKey|SigningKey)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"^(@|'|-?\d|\]\)|\))")]
    private static partial Regex DecoratorLine();

    [GeneratedRegex(@"(?m)^\s*//.*$")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"'Microsoft\.Authorization/roleAssignments@[^']+'\s*=\s*(?:if \(.+?\)\s*)?\{\s*name:\s*([^\n]+)")]
    private static partial Regex RoleAssignment();
}
