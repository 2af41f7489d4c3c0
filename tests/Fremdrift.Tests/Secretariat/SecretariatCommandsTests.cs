using System.Net;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Secretariat.Commands;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Cycle;
using Microsoft.Extensions.DependencyInjection;

namespace Fremdrift.Tests.Secretariat;

/// <summary>The secretariat's commands as one type each, resolved from the local host's real service graph.</summary>
public class SecretariatCommandsTests
{
    private static readonly FollowUpCycle Plan2027 = CycleSchedule.Plan(2027, new CycleOptions());

    [Fact]
    public async Task Every_command_the_page_posts_is_registered_once_and_the_irreversible_ones_ask_first()
    {
        await using var host = await CycleTestHost.StartAsync(Plan2027.OpensAt.AddDays(1), loop: false);
        var commands = host.Server.Get<IEnumerable<ISecretariatCommand>>().ToList();

        Assert.Equal(["genaabn", "luk", "nyt-link", "paamind", "start", "svarfrist"], commands.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["genaabn", "luk", "nyt-link", "paamind", "start"], commands.OfType<IConfirmedSecretariatCommand>().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["luk", "start"], commands.OfType<IConfirmedSecretariatCommand>().Where(c => c.AllowedWhilePlanned).Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(commands.Select(c => c.Name).Order(StringComparer.Ordinal), host.Server.Get<SecretariatCommands>().Names.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("slet-alt")]
    [InlineData("LUK")]
    [InlineData("luk%20")]
    public async Task An_unknown_command_gets_a_Danish_404_and_changes_nothing(string command)
    {
        await using var host = await CycleTestHost.StartAsync(Plan2027.OpensAt.AddDays(1), loop: false);
        await host.Server.Get<CycleStarter>().EnsureCycleAsync(2027, "test");
        await host.Server.Get<CycleActionRunner>().OpenAsync(2027);
        var auditBefore = (await host.Server.Get<AuditLogRepository>().ListAsync(2027)).Count;
        using var client = SecretariatEndpointTests.Client(host.Server);

        var response = await SecretariatEndpointTests.PostAsync(client, "/sekretariat/kommando/" + command, ("aar", "2027"), ("bekraeft", "ja"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Ukendt kommando.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(CycleState.Open, (await host.CycleAsync(2027)).State);
        Assert.Equal(auditBefore, (await host.Server.Get<AuditLogRepository>().ListAsync(2027)).Count);
    }

    [Fact]
    public async Task The_cycle_services_need_every_dependency_and_resolve_from_the_real_graph()
    {
        await using var host = await CycleTestHost.StartAsync(Plan2027.OpensAt.AddDays(1), loop: false);

        // No optional constructor parameters remain as test seams: each type's constructor takes only required services.
        foreach (var type in new[] { typeof(CycleActionRunner), typeof(CycleStateLoader), typeof(Fremdrift.Shared.Secretariat.SecretariatHandler) })
        {
            Assert.All(type.GetConstructors().SelectMany(c => c.GetParameters()), p => Assert.False(p.IsOptional, $"{type.Name}({p.Name}) is optional"));
            Assert.NotNull(host.Server.Get<IServiceProvider>().GetRequiredService(type));
        }
    }
}
