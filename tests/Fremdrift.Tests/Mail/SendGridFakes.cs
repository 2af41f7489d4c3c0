using System.Diagnostics.CodeAnalysis;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Fremdrift.DevServer.Azurite;
using Fremdrift.Shared.Mail;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fremdrift.Tests.Mail;

/// <summary>
/// Prism mocking SendGrid's v3 Mail API from SendGrid's own OpenAPI file: answers 202 to a valid mail send and
/// 400 (naming the field) to an invalid one. One per test class.
/// </summary>
[SuppressMessage("Maintainability", "CA1515", Justification = "An xunit fixture: the public test classes take it in their constructors.")]
public sealed class PrismSendGridMock : IAsyncLifetime
{
    private Process? _process;

    public string Host { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var root = AzuriteProcess.RepositoryRoot();
        var prism = Path.Combine(root, "tools", "node_modules", ".bin", "prism");
        var spec = Path.Combine(root, "tests", "Fremdrift.Tests", "Mail", "sendgrid-mail-v3.json");
        var port = FreePort();
        var info = OwnedProcess.StartInfo(prism, ["mock", "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--errors", spec]);

        _process = Process.Start(info) ?? throw new InvalidOperationException("Prism kunne ikke startes.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Host = $"http://127.0.0.1:{port}";
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(200);
            }
        }

        throw new InvalidOperationException($"Prism ({prism}) lyttede ikke på port {port}.");
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
        }

        _process?.Dispose();
        return Task.CompletedTask;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// A tiny stand-in for SendGrid's HTTP API on 127.0.0.1 that answers with a scripted list of statuses (the last
/// one repeats) and counts the requests: for retry behaviour Prism cannot script (429, then 202).
/// </summary>
internal sealed class ScriptedSendGrid : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly int[] _statuses;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public ScriptedSendGrid(params int[] statuses)
    {
        _statuses = statuses;
        var port = PrismSendGridMock.FreePort();
        Host = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Host + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Host { get; }

    public int Requests => Volatile.Read(ref _requests);

    public ConcurrentQueue<string> Bodies { get; } = new();

    /// <summary>
    /// Awaited before a request is answered (the body already read and counted): a test holds requests open with it,
    /// to have mails "in flight". Requests are answered side by side, as SendGrid does.
    /// </summary>
    public Func<Task>? BeforeAnswer { get; set; }

    /// <summary>As <see cref="BeforeAnswer"/>, given the request's body (to hold only the requests of one mail step).</summary>
    public Func<string, Task>? BeforeAnswerTo { get; set; }

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

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            string body;
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                body = await reader.ReadToEndAsync();
            }

            var n = Interlocked.Increment(ref _requests);
            Bodies.Enqueue(body);
            if (BeforeAnswer is { } hold)
            {
                await hold();
            }

            if (BeforeAnswerTo is { } holdThis)
            {
                await holdThis(body);
            }

            var status = _statuses[Math.Min(n, _statuses.Length) - 1];
            context.Response.StatusCode = status;
            if (status == 202)
            {
                context.Response.Headers["X-Message-Id"] = "msg-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes("{\"errors\":[{\"message\":\"scripted " + status.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"}]}");
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
            }

            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // The client went away (a killed host) or the listener stopped.
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

/// <summary>Builds the real SendGrid sender against a given host.</summary>
internal static class SendGridSenders
{
    public static MailOptions Options(string host) => new()
    {
        Provider = "SendGrid",
        SendGridApiKey = "SG.test-key-not-real",
        SendGridHost = host,
        RetryAttempts = 3,
        RetryDelay = TimeSpan.FromMilliseconds(20),
        MaxDeferredAttempts = 2,
    };

    /// <summary>The sender over SendGrid's HTTP client registered the way the app registers it (resilience handler included).</summary>
    public static SendGridMailSender Create(MailOptions options) =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton(Microsoft.Extensions.Options.Options.Create(options))
            .AddSendGridHttpClient()
            .AddSingleton<SendGridMailSender>()
            .BuildServiceProvider()
            .GetRequiredService<SendGridMailSender>();
}
