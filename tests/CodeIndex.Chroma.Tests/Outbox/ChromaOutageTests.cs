using CodeIndex.Chroma.Client;
using CodeIndex.Chroma.Outbox;
using CodeIndex.Chroma.Sync;
using CodeIndex.Chroma.Tests.Support;
using CodeIndex.Core.Errors;
using CodeIndex.Testing;

namespace CodeIndex.Chroma.Tests.Outbox;

/// <summary>Kills its own Chroma server mid-drain and restarts it on the same data path and port.</summary>
public sealed class ChromaOutageTests(ChromaServerFixture server, DatabaseFixture database) : IClassFixture<ChromaServerFixture>, IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Drain_ServerKilledMidSync_RowsStayQueuedThenDrainAfterRestart()
    {
        var repository = await EmbeddingData.CreateRepositoryAsync(database.DataSource);
        await EmbeddingData.InsertSymbolsAsync(database.DataSource, repository, 0, 1500);
        using var client = server.CreateClient(requestTimeout: TimeSpan.FromSeconds(5), database: ChromaServerFixture.DatabaseFor(database));
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1));
        var drainer = new ChromaOutboxDrainer(database.DataSource, client, ChromaDrainOptions.Default with { BatchSize = 10 }, time);

        var drain = drainer.DrainAsync();
        while (await drainer.PendingAsync(repository) == 1500 && !drain.IsCompleted)
        {
            await Task.Delay(10);
        }

        server.Kill();
        var result = await drain; // must not throw
        Assert.False(drain.IsFaulted);
        Assert.True(result.ChromaUnreachable, "the drain finished before the server was killed; expected it to stop on an unreachable server");
        Assert.True(result.RowsCompleted > 0);
        var pending = await drainer.PendingAsync(repository);
        Assert.Equal(1500 - result.RowsCompleted, pending);
        Assert.True(await EmbeddingData.ExecuteScalarAsync(database.DataSource, "SELECT count(*) FROM chroma_outbox WHERE repository_id = $1 AND attempts = 1 AND last_error LIKE '%ChromaDB%' AND next_attempt_at > $2", repository, time.GetUtcNow()) > 0);

        var whileDown = await drainer.DrainAsync();
        Assert.True(whileDown.ChromaUnreachable);
        Assert.Equal(pending, await drainer.PendingAsync(repository));

        await server.RestartAsync();
        var notDue = await drainer.DrainAsync();
        Assert.True(pending > notDue.RowsCompleted, "rows backed off must wait for their next attempt time");
        time.Advance(TimeSpan.FromMinutes(6));
        var after = await drainer.DrainAsync();

        Assert.False(after.ChromaUnreachable);
        Assert.Equal(0, await drainer.PendingAsync(repository));
        var collection = (await client.GetCollectionAsync(ChromaCollectionNames.For(repository, EmbeddingData.ModelId)))!;
        Assert.Equal(1500, await client.CountAsync(collection));
        var verify = await new ChromaVerifier(database.DataSource, client).VerifyAsync(repository, textSample: 0);
        Assert.False(verify.HasDrift, string.Join("\n", verify.Drift));
    }

    [Fact]
    public async Task RunAsync_ServerDownThenBack_KeepsRunningAndDrainsToZero()
    {
        var repository = await EmbeddingData.CreateRepositoryAsync(database.DataSource);
        using var client = server.CreateClient(requestTimeout: TimeSpan.FromSeconds(5), database: ChromaServerFixture.DatabaseFor(database));
        var options = new ChromaDrainOptions(64, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(100));
        var drainer = new ChromaOutboxDrainer(database.DataSource, client, options);
        server.Kill();
        using var stop = new CancellationTokenSource();
        var loop = drainer.RunAsync(stop.Token);
        try
        {
            await EmbeddingData.InsertSymbolsAsync(database.DataSource, repository, 0, 200);
            drainer.Notify();
            await WaitUntilAsync(async () => await EmbeddingData.ExecuteScalarAsync(database.DataSource, "SELECT count(*) FROM chroma_outbox WHERE repository_id = $1 AND attempts >= 2", repository) > 0);
            Assert.False(loop.IsCompleted);
            Assert.Equal(200, await drainer.PendingAsync(repository));

            await server.RestartAsync();
            await WaitUntilAsync(async () => await drainer.PendingAsync(repository) == 0);
        }
        finally
        {
            await stop.CancelAsync();
            await loop.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.True(loop.IsCompletedSuccessfully);
        var collection = (await client.GetCollectionAsync(ChromaCollectionNames.For(repository, EmbeddingData.ModelId)))!;
        Assert.Equal(200, await client.CountAsync(collection));
    }

    [Fact]
    public async Task Sync_ServerKilled_ThrowsChromaUnreachableQuickly()
    {
        using var client = server.CreateClient(database: ChromaServerFixture.DatabaseFor(database));
        var drainer = new ChromaOutboxDrainer(database.DataSource, client);
        server.Kill();
        try
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var e = await Assert.ThrowsAsync<OperationFailedException>(() => new ChromaSynchronizer(database.DataSource, client, drainer).SyncAsync(null, rebuild: false));
            Assert.Equal("chroma_unreachable", e.Code);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        }
        finally
        {
            await server.RestartAsync();
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 60 s");
            await Task.Delay(50);
        }
    }
}
