using Fremdrift.DevServer;
using Fremdrift.Functions;
using Fremdrift.Shared;
using Fremdrift.Shared.Secretariat;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fremdrift.Tests.Secretariat;

/// <summary>Each host's own registration decides whether the status page links the outbox: only the local host has one.</summary>
public class OutboxLinkRegistrationTests
{
    private static readonly IConfiguration Empty = new ConfigurationBuilder().Build();

    [Fact]
    public void The_Functions_app_does_not_link_an_outbox()
    {
        var services = new ServiceCollection().AddFremdrift(Empty).AddFremdriftFunctions();

        using var provider = services.BuildServiceProvider();

        Assert.False(provider.GetRequiredService<IOptions<SecretariatPageOptions>>().Value.ShowOutboxLink);
    }

    [Fact]
    public void The_local_host_links_its_outbox()
    {
        var services = new ServiceCollection().AddFremdrift(Empty).AddFremdriftDevServer(Empty);

        using var provider = services.BuildServiceProvider();

        Assert.True(provider.GetRequiredService<IOptions<SecretariatPageOptions>>().Value.ShowOutboxLink);
    }
}
