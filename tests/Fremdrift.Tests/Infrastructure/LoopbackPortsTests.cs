using System.Net;
using System.Net.Sockets;
using Fremdrift.Shared.Cycle;
using Microsoft.DurableTask.Testing;

namespace Fremdrift.Tests.Infrastructure;

/// <summary>
/// The tests' servers on 127.0.0.1 survive a port taken by another test between finding it free and binding it:
/// the failures a taken port really gives are the ones retried on another port.
/// </summary>
public class LoopbackPortsTests
{
    [Fact]
    public async Task A_Durable_test_host_whose_port_was_taken_starts_again_on_another()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var tried = new List<int>();

        await using var host = await LoopbackPorts.RetryOnAddressInUseAsync(port =>
        {
            tried.Add(tried.Count == 0 ? takenPort : port);
            return DurableTaskTestHost.StartAsync(registry => registry.AddFollowUpCycle(), new DurableTaskTestHostOptions { Port = tried[^1] });
        });

        Assert.Equal(2, tried.Count);
        Assert.NotEqual(takenPort, tried[1]);
        Assert.NotNull(host.Client);
    }

    [Fact]
    public void An_HTTP_listener_on_a_taken_port_fails_as_the_stand_ins_expect_and_they_bind_another()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");

        var e = Assert.ThrowsAny<Exception>(listener.Start);

        Assert.True(e is HttpListenerException or SocketException, e.GetType().Name);
        Assert.True(LoopbackPorts.IsAddressInUse(e), e.Message);
    }

    [Fact]
    public async Task A_refusing_port_refuses_connections_while_it_is_held()
    {
        using var socket = LoopbackPorts.Refusing(out var port);
        using var client = new TcpClient();

        var e = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));

        Assert.Equal(SocketError.ConnectionRefused, e.SocketErrorCode);
    }

    [Fact]
    public async Task A_stand_in_answers_on_the_port_it_reports()
    {
        await using var server = new LoopbackHttpServer(context =>
        {
            context.Response.StatusCode = 204;
            context.Response.Close();
            return Task.CompletedTask;
        });
        using var http = new HttpClient();

        var response = await http.GetAsync(new Uri(server.BaseUrl + "/"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
