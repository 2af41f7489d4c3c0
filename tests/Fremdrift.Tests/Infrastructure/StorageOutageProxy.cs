using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Fremdrift.Tests.Infrastructure;

/// <summary>
/// A TCP pass-through in front of the shared test Azurite's table and blob ports, so a test can take storage
/// away for a while and give it back without stopping the Azurite other tests use. <see cref="Cut"/> resets
/// every open connection and resets each new one at once, which the SDK sees exactly as an Azurite that went
/// down (connection reset / refused); <see cref="Restore"/> forwards again to the same, untouched data.
/// </summary>
internal sealed class StorageOutageProxy : IAsyncDisposable
{
    private readonly Forwarder _table;
    private readonly Forwarder _blob;

    private StorageOutageProxy(Forwarder table, Forwarder blob, string connectionString)
    {
        _table = table;
        _blob = blob;
        ConnectionString = connectionString;
    }

    /// <summary>The Azurite connection string with the table and blob endpoints through the proxy.</summary>
    public string ConnectionString { get; }

    public static async Task<StorageOutageProxy> StartAsync()
    {
        var azurite = await TestAzurite.GetAsync();
        var table = new Forwarder(azurite.TablePort);
        var blob = new Forwarder(azurite.BlobPort);
        var connectionString = azurite.ConnectionString
            .Replace($"127.0.0.1:{azurite.TablePort}/", $"127.0.0.1:{table.Port}/", StringComparison.Ordinal)
            .Replace($"127.0.0.1:{azurite.BlobPort}/", $"127.0.0.1:{blob.Port}/", StringComparison.Ordinal);
        return new StorageOutageProxy(table, blob, connectionString);
    }

    public void Cut()
    {
        _table.Cut();
        _blob.Cut();
    }

    public void Restore()
    {
        _table.Restore();
        _blob.Restore();
    }

    public async ValueTask DisposeAsync()
    {
        await _table.DisposeAsync();
        await _blob.DisposeAsync();
    }

    private sealed class Forwarder : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly int _target;
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentDictionary<Guid, (TcpClient Client, TcpClient Upstream)> _open = new();
        private readonly Task _accepting;
        private volatile bool _down;

        public Forwarder(int target)
        {
            _target = target;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _accepting = AcceptAsync();
        }

        public int Port { get; }

        public void Cut()
        {
            _down = true;
            foreach (var id in _open.Keys)
            {
                // Whoever removes a connection resets it: this cut or its own forwarding task, never both (a socket
                // that one disposed while the other set its linger option failed the dispose at the end of a test).
                if (_open.TryRemove(id, out var pair))
                {
                    Reset(pair.Client);
                    Reset(pair.Upstream);
                }
            }
        }

        public void Restore() => _down = false;

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                if (_down)
                {
                    Reset(client);
                    continue;
                }

                _ = ForwardAsync(client);
            }
        }

        private async Task ForwardAsync(TcpClient client)
        {
            var upstream = new TcpClient();
            var id = Guid.NewGuid();
            var listed = false;
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                _open[id] = (client, upstream);
                listed = true;
                if (_down)
                {
                    // Cut while this one was connecting: it ends now (the finally resets it), as the others did.
                    return;
                }

                await Task.WhenAny(
                    client.GetStream().CopyToAsync(upstream.GetStream(), _stop.Token),
                    upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // A cut or a closed side ends the connection; the SDK sees the reset.
            }
            finally
            {
                // A listed connection that a cut removed meanwhile was reset by that cut.
                if (_open.TryRemove(id, out _) || !listed)
                {
                    Reset(client);
                    Reset(upstream);
                }
            }
        }

        private static void Reset(TcpClient client)
        {
            try
            {
                // Linger 0: closing sends RST, as a storage that went down does. Client is null once disposed.
                if (client.Client is { } socket)
                {
                    socket.LingerState = new LingerOption(true, 0);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }

            client.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            Cut();
            await _accepting;
            _stop.Dispose();
        }
    }
}
