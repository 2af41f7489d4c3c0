using System.Diagnostics.CodeAnalysis;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Fremdrift.DevServer.Azurite;
using Fremdrift.Shared.Mail;
using Fremdrift.Tests.Infrastructure;
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
        // Prism must be told its port; one found free may be taken by another test before Prism binds it, and then
        // Prism exits (EADDRINUSE): start it again on another. Its own "listening" line says it is up (a connection
        // to the port alone could reach the other test's server).
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var port = LoopbackPorts.Free();
            var listening = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var info = OwnedProcess.StartInfo(prism, ["mock", "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--errors", spec]);
            _process?.Dispose();
            _process = Process.Start(info) ?? throw new InvalidOperationException("Prism kunne ikke startes.");
            _process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    listening.TrySetResult(false);
                }
                else if (e.Data.Contains("Prism is listening on", StringComparison.Ordinal))
                {
                    listening.TrySetResult(true);
                }
            };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            if (await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)))
            {
                Host = $"http://127.0.0.1:{port}";
                return;
            }
        }

        throw new InvalidOperationException($"Prism ({prism}) lyttede ikke.");
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

}

/// <summary>
/// A tiny stand-in for SendGrid's HTTP API on 127.0.0.1 that answers with a scripted list of statuses (the last
/// one repeats) and counts the requests: for retry behaviour Prism cannot script (429, then 202).
/// </summary>
internal sealed class ScriptedSendGrid : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly int[] _statuses;
    private int _requests;

    public ScriptedSendGrid(params int[] statuses)
    {
        _statuses = statuses;
        _server = new LoopbackHttpServer(AnswerAsync, sideBySide: true);
    }

    public string Host => _server.BaseUrl;

    public int Requests => Volatile.Read(ref _requests);

    public ConcurrentQueue<string> Bodies { get; } = new();

    /// <summary>
    /// Awaited before a request is answered (the body already read and counted): a test holds requests open with it,
    /// to have mails "in flight". Requests are answered side by side, as SendGrid does.
    /// </summary>
    public Func<Task>? BeforeAnswer { get; set; }

    /// <summary>As <see cref="BeforeAnswer"/>, given the request's body (to hold only the requests of one mail step).</summary>
    public Func<string, Task>? BeforeAnswerTo { get; set; }

    private async Task AnswerAsync(HttpListenerContext context)
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

    public ValueTask DisposeAsync() => _server.DisposeAsync();
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
