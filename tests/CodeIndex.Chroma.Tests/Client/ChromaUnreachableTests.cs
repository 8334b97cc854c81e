using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CodeIndex.Chroma.Client;
using CodeIndex.Chroma.Outbox;
using CodeIndex.Chroma.Sync;
using CodeIndex.Core.Errors;
using Npgsql;

namespace CodeIndex.Chroma.Tests.Client;

public sealed class ChromaUnreachableTests
{
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Heartbeat_NothingListening_ThrowsUnreachableQuickly()
    {
        using var client = ChromaClient.Create(new ChromaOptions(new Uri($"http://127.0.0.1:{ClosedPort()}")));
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ChromaUnreachableException>(() => client.HeartbeatAsync());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Contains("not reachable", e.Message, StringComparison.Ordinal);
        Assert.Null(e.StatusCode);
    }

    [Fact]
    public async Task Heartbeat_ServerNeverAnswers_ThrowsUnreachableAfterRequestTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // Connections complete in the kernel's backlog; nothing is ever sent back.
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var client = ChromaClient.Create(new ChromaOptions(new Uri($"http://127.0.0.1:{port}"), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500)));
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ChromaUnreachableException>(() => client.HeartbeatAsync());
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
        Assert.Contains("did not answer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heartbeat_CallerCancels_ThrowsOperationCanceledNotUnreachable()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var client = ChromaClient.Create(new ChromaOptions(new Uri($"http://127.0.0.1:{port}")));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.HeartbeatAsync(cts.Token));
        Assert.IsNotType<ChromaUnreachableException>(e);
    }

    [Fact]
    public async Task Sync_NothingListening_ThrowsChromaUnreachableOperationFailed()
    {
        using var client = ChromaClient.Create(new ChromaOptions(new Uri($"http://127.0.0.1:{ClosedPort()}")));
        await using var dataSource = CodeIndex.Storage.Connection.DatabaseConnector.Create("Host=127.0.0.1;Port=1;Timeout=1"); // never opened: reachability is checked first
        var drainer = new ChromaOutboxDrainer(dataSource, client);
        var sync = new ChromaSynchronizer(dataSource, client, drainer);
        var e = await Assert.ThrowsAsync<OperationFailedException>(() => sync.SyncAsync(null, rebuild: true));
        Assert.Equal("chroma_unreachable", e.Code);
        Assert.Equal(ExitCodes.Failure, e.ExitCode);
        Assert.Contains("chroma sync", e.Message, StringComparison.Ordinal);
        var verify = await Assert.ThrowsAsync<OperationFailedException>(() => new ChromaVerifier(dataSource, client).VerifyAsync(null));
        Assert.Equal("chroma_unreachable", verify.Code);
    }
}
