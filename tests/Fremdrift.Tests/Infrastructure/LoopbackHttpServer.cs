using System.Net;
using System.Net.Sockets;

namespace Fremdrift.Tests.Infrastructure;

/// <summary>
/// The HTTP listener under the tests' stand-ins for the mail providers' APIs, on 127.0.0.1: it binds a port and
/// hands each request to the stand-in's handler, in order or side by side. <see cref="HttpListener"/> cannot bind
/// port 0, so a free port is picked and bound at once; when another test took it in between (a busy machine runs
/// many test classes side by side), the next free port is tried, so a stand-in never fails with "address in use".
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private const int BindAttempts = 10;

    private readonly HttpListener _listener;
    private readonly Func<HttpListenerContext, Task> _handle;
    private readonly bool _sideBySide;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="handle">Answers one request; it must close the response.</param>
    /// <param name="sideBySide">Answer requests side by side (as a real provider does), not one after the other.</param>
    public LoopbackHttpServer(Func<HttpListenerContext, Task> handle, bool sideBySide = false)
    {
        _handle = handle;
        _sideBySide = sideBySide;
        (_listener, BaseUrl) = Bind();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>http://127.0.0.1:{port}, without a trailing slash.</summary>
    public string BaseUrl { get; }

    private static (HttpListener Listener, string BaseUrl) Bind()
    {
        for (var attempt = 1; ; attempt++)
        {
            var baseUrl = $"http://127.0.0.1:{LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            var listener = new HttpListener();
            listener.Prefixes.Add(baseUrl + "/");
            try
            {
                listener.Start();
                return (listener, baseUrl);
            }
            catch (Exception e) when (e is HttpListenerException or SocketException && attempt < BindAttempts)
            {
                // Taken since it was found free: another port.
                listener.Close();
            }
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            if (_sideBySide)
            {
                _ = Task.Run(() => AnswerAsync(context));
            }
            else
            {
                await AnswerAsync(context);
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            await _handle(context);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // The client went away (a killed host, a timed-out call) or the listener stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        await _loop;
        _stop.Dispose();
    }
}

/// <summary>Ports on 127.0.0.1 for the tests' servers.</summary>
internal static class LoopbackPorts
{
    /// <summary>
    /// A port free at this moment. Only for a server that cannot bind port 0 itself, and only with a retry on another
    /// port should it be taken before the server binds it (<see cref="LoopbackHttpServer"/>, <see cref="RetryOnAddressInUseAsync{T}"/>).
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A port where nothing listens and nothing will while the returned socket is held: bound but not listening, so a
    /// connection to it is refused. For tests of an unreachable service (a port found free and closed again could be
    /// taken by another test's server).
    /// </summary>
    public static Socket Refusing(out int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        return socket;
    }

    /// <summary>
    /// Starts a server that must be told its port before it binds (the Durable test host's sidecar, a child process)
    /// on a free port, and again on another when that one was taken in between.
    /// </summary>
    public static async Task<T> RetryOnAddressInUseAsync<T>(Func<int, Task<T>> start, int attempts = 10)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start(Free());
            }
            catch (Exception e) when (attempt < attempts && IsAddressInUse(e))
            {
            }
        }
    }

    /// <summary>Whether a failed start (or its inner exceptions) says its address was in use.</summary>
    public static bool IsAddressInUse(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
                || x.GetType().Name == "AddressInUseException"
                || x.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
                || x.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return e is AggregateException a && a.InnerExceptions.Any(IsAddressInUse);
    }
}
