using System.Net;
using System.Net.Sockets;

// Compiled into the benchmarks too (linked in their project file), so tests and benchmarks measure bytes alike.
namespace Fremdrift.Tests.Performance;

/// <summary>
/// A TCP pass-through in front of Azurite's table port that counts the bytes Azurite sends back: what a
/// host whose connection string points here reads from its tables, headers and chunk framing included. Azurite
/// answers queries chunked, without a Content-Length, so the SDK's request log cannot tell the size.
/// </summary>
internal sealed class TableByteMeter : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _target;
    private readonly Task _accepting;
    private long _bytes;

    private TableByteMeter(int target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Bytes sent by Azurite through this meter so far.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Azurite's connection string with its table endpoint through this meter.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>A meter in front of a running Azurite (the tests' shared one, or the one a benchmark starts).</summary>
    public static TableByteMeter Start(DevServer.Azurite.AzuriteProcess azurite)
    {
        var meter = new TableByteMeter(azurite.TablePort);
        meter.ConnectionString = azurite.ConnectionString.Replace($"127.0.0.1:{azurite.TablePort}/", $"127.0.0.1:{meter.Port}/", StringComparison.Ordinal);
        return meter;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using var _ = client;
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            var up = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
            var down = CopyCountingAsync(server.GetStream(), client.GetStream());
            await Task.WhenAny(up, down);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task CopyCountingAsync(Stream from, Stream to)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            Interlocked.Add(ref _bytes, read);
            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }
}
