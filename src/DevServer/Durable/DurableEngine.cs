using System.Net;
using System.Net.Sockets;
using Azure;
using Azure.Data.Tables;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Fremdrift.Shared.Cycle;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;

namespace Fremdrift.DevServer.Durable;

/// <summary>Which store the local Durable engine keeps its orchestrations in.</summary>
internal enum DurableBackend
{
    /// <summary>The Durable Azure Storage provider, on the same (embedded) Azurite: what the Functions host uses in Azure.</summary>
    AzureStorage,

    /// <summary>In memory: lost when the host stops (the loop carries on from storage at the next start).</summary>
    InMemory,
}

/// <summary>
/// The Durable Task engine in the local host's process, as <c>func start</c> would give it: a gRPC sidecar (the
/// public <c>TaskHubGrpcServer</c> of the Durable Task SDK's in-process host package) over an orchestration
/// service, with a Durable Task worker and client of the app's own on a channel to it. The worker runs the same
/// orchestrator and activities as the Functions app (<see cref="CycleRegistry.AddFollowUpCycle"/>), resolved from
/// the host's services.
/// </summary>
internal static class DurableEngine
{
    public static IServiceCollection AddFremdriftDurableEngine(this IServiceCollection services, DurableBackend backend, string taskHub, Func<string> storageConnectionString, TimeSpan? redelivery = null)
    {
        // The worker and the client must know the sidecar's address before it starts, so it cannot bind port 0 when it
        // starts; a port bound now and handed to its server stays this host's (a port found free and let go could be
        // taken by another process before the sidecar binds it).
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var address = $"http://127.0.0.1:{((IPEndPoint)socket.LocalEndPoint!).Port}";

        // The provider warns about routine things of a queue-based store (a cancelled timer of an earlier turn that
        // fires into a finished execution, a message that comes before its turn's history); only errors matter here.
        services.AddLogging(logging => logging.AddFilter("DurableTask.AzureStorage", LogLevel.Error).AddFilter("DurableTask.Core", LogLevel.Error));
        services.AddSingleton(sp => new DurableSidecar(address, socket, backend, taskHub, storageConnectionString, sp.GetRequiredService<ILoggerFactory>()) { Redelivery = redelivery });

        // Registered before the worker, so the sidecar listens before the worker connects (hosted services start in order).
        services.AddHostedService(sp => sp.GetRequiredService<DurableSidecar>());
        services.AddDurableTaskWorker(builder =>
        {
            builder.UseGrpc(address);
            builder.AddTasks(registry => registry.AddFollowUpCycle());
        });
        services.AddDurableTaskClient(builder =>
        {
            builder.UseGrpc(address);
            builder.RegisterDirectly();
        });
        services.AddHostedService<StorageRecoveryWatch>();
        return services;
    }

    /// <summary>A task hub name from the table prefix: letters and digits, starting with a letter, at most 45 characters.</summary>
    public static string TaskHubFor(string tablePrefix)
    {
        var name = "hub" + new string([.. tablePrefix.Where(char.IsAsciiLetterOrDigit)]);
        return name.Length > 45 ? name[..45] : name;
    }
}

/// <summary>The engine's sidecar: its own small ASP.NET Core host with the gRPC service on an HTTP/2 loopback port.</summary>
internal sealed class DurableSidecar(string address, Socket boundSocket, DurableBackend backend, string taskHub, Func<string> storageConnectionString, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private WebApplication? _host;
    private TableClient? _probe;
    private Socket _listenSocket = boundSocket;

    public DurableBackend Backend => backend;

    /// <summary>
    /// How long a message taken by a worker that died stays invisible before it is delivered again (the provider's
    /// work-item and control-queue visibility timeouts, 5 minutes by default; the kill tests shorten it).
    /// </summary>
    public TimeSpan? Redelivery { get; init; }

    public string TaskHub => taskHub;

    /// <summary>The orchestration store, once started (for tests and the benchmark that read histories).</summary>
    public IOrchestrationServiceClient? Orchestrations { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var service = await CreateServiceAsync();
        Orchestrations = (IOrchestrationServiceClient)service;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseUrls(address);
        builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket = _ => _listenSocket);
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton((IOrchestrationServiceClient)service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        _host = builder.Build();
        _host.MapGrpcService<TaskHubGrpcServer>();
        await _host.StartAsync(cancellationToken);
    }

    private async Task<IOrchestrationService> CreateServiceAsync()
    {
        if (backend == DurableBackend.InMemory)
        {
            return new InMemoryOrchestrationService(loggerFactory);
        }

        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = taskHub,
            StorageAccountClientProvider = new StorageAccountClientProvider(storageConnectionString()),
            LoggerFactory = loggerFactory,
            // One partition is plenty for one loop a year (host.json sets the same in Azure); polling at most every
            // 200 ms keeps the local engine and the demo's accelerated clock responsive, where host.json polls at most
            // every 10 s, which is plenty for a loop that waits days.
            PartitionCount = 1,
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(200),
        };
        if (Redelivery is { } redelivery)
        {
            settings.WorkItemQueueVisibilityTimeout = redelivery;
            settings.ControlQueueVisibilityTimeout = redelivery;
        }

        var service = new AzureStorageOrchestrationService(settings);
        await service.CreateIfNotExistsAsync();
        return service;
    }

    /// <summary>
    /// One cheap read of the task hub's instance table: true when it answers, false when the table is gone (the task hub
    /// was lost), null when the store cannot be reached. Always true in memory.
    /// </summary>
    public async Task<bool?> ProbeAsync(CancellationToken cancellationToken)
    {
        if (backend != DurableBackend.AzureStorage)
        {
            return true;
        }

        _probe ??= new TableServiceClient(storageConnectionString(), new TableClientOptions
        {
            // As patient as the app's own Azurite calls (StorageRetryOptions.Azurite): a busy Azurite that answers late is
            // not an outage, and an engine restarted for one would end the running instance for nothing (seen at load 15).
            Retry = { MaxRetries = 2, NetworkTimeout = TimeSpan.FromSeconds(15) },
        }).GetTableClient(taskHub + "Instances");
        try
        {
            return await TableAnswersAsync(_probe, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Unreachable, however the SDK says it (an AggregateException after retries, a dropped connection).
            return null;
        }
    }

    /// <summary>
    /// True when the table answers a query, false when it does not exist; throws when storage cannot be reached. A query,
    /// not a point read: GetEntityIfExists answers "no such entity" for a missing table as well.
    /// </summary>
    public static async Task<bool> TableAnswersAsync(TableClient table, CancellationToken cancellationToken)
    {
        try
        {
            await using var pages = table.QueryAsync<TableEntity>("PartitionKey eq 'probe'", maxPerPage: 1, select: ["PartitionKey"], cancellationToken)
                .AsPages().GetAsyncEnumerator(cancellationToken);
            await pages.MoveNextAsync();
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    /// <summary>
    /// Starts the engine afresh on the same address, in this process: the gRPC host stopped (its dispatchers with it),
    /// a new orchestration service made (which creates the task hub's queues, tables and containers where missing), and
    /// a new gRPC host started. The app's worker and client reconnect by themselves. For after a storage crash, which
    /// can leave the running service polling queues or leases that are gone. Nothing to do in memory.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        if (backend != DurableBackend.AzureStorage)
        {
            return;
        }

        // One caller (StorageRecoveryWatch), one restart at a time.
        await StopAsync(cancellationToken);
        await DisposeAsync();
        _probe = null;

        // The stopped server closed its socket; the worker and the client know this address, so the same port is bound again.
        var port = new Uri(address).Port;
        _listenSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listenSocket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listenSocket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        await StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_host is not null)
        {
            await _host.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host = null;
        }
    }
}
