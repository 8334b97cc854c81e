using CodeIndex.Core.Model;
using CodeIndex.Testing;
using CodeIndex.Vectors.Pipeline;
using CodeIndex.Vectors.Tests.Support;
using Npgsql;

namespace CodeIndex.Vectors.Tests.Pipeline;

/// <summary>Cancelling a run keeps committed batches, never leaves a half-written batch, and the next run finishes the rest.</summary>
public sealed class CancellationTests(DatabaseFixture fixture, UseLiteFixture model) : IClassFixture<DatabaseFixture>, IClassFixture<UseLiteFixture>
{
    private static readonly EmbeddingPipelineOptions TwoPerBatch = new() { BatchSize = 2, PageSize = 3, WriteBatchSize = 2 };

    private async Task<long> RepositoryAsync(string topic, int count)
    {
        var repo = await Symbols.NewRepositoryAsync(fixture.DataSource);
        await Db.ExecuteAsync(fixture.DataSource, "UPDATE repositories SET chroma_enabled = true WHERE id = $1", repo);
        string[] verbs = ["Load", "Save", "Merge", "Split", "Render", "Validate", "Compress", "Encrypt", "Sort", "Print"];
        var symbols = Enumerable.Range(0, count)
            .Select(i => Symbols.Member("Cancel." + topic, "Worker", verbs[i % verbs.Length] + topic + i, doc: $"{verbs[i % verbs.Length]}s the {topic} number {i}."))
            .ToList();
        await Symbols.IndexAsync(fixture.DataSource, repo, symbols);
        return repo;
    }

    /// <summary>Every row with a vector has its text cached and every row without one has not; returns (filled rows, cached texts of the repository).</summary>
    private async Task<(long Filled, long Cached)> AssertConsistentAsync(long repo)
    {
        Assert.Equal(0, await Db.CountAsync(fixture.DataSource, """
            SELECT count(*) FROM symbol_embeddings e
            WHERE e.repository_id = $1 AND (e.embedding IS NULL) = EXISTS (SELECT 1 FROM embedding_cache c WHERE c.model_id = e.model_id AND c.text_hash = e.text_hash)
            """, repo));
        var filled = await Db.CountAsync(fixture.DataSource, "SELECT count(*) FROM symbol_embeddings WHERE repository_id = $1 AND embedding IS NOT NULL", repo);
        Assert.Equal(filled, await Db.CountAsync(fixture.DataSource, "SELECT count(*) FROM chroma_outbox WHERE repository_id = $1 AND operation = 'upsert'", repo));
        var cached = await Db.CountAsync(fixture.DataSource, "SELECT count(*) FROM embedding_cache c WHERE EXISTS (SELECT 1 FROM symbol_embeddings e WHERE e.repository_id = $1 AND e.text_hash = c.text_hash)", repo);
        return (filled, cached);
    }

    [Fact]
    public async Task RunAsync_CancelledAfterFirstBatch_KeepsThatBatchAndNextRunEmbedsTheRest()
    {
        var repo = await RepositoryAsync("report", 7);
        using var cts = new CancellationTokenSource();
        var pipeline = new EmbeddingPipeline(fixture.DataSource, model.Embedder, options: TwoPerBatch);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.RunAsync(repo, new SyncProgress(_ => cts.Cancel()), cts.Token));

        Assert.Equal((2L, 2L), await AssertConsistentAsync(repo));
        Assert.Equal(5, await pipeline.PendingCountAsync(repo));
        var rest = await pipeline.RunAsync(repo);
        Assert.Equal((5, 0, 0), (rest.Embedded, rest.Pending, rest.ReusedFromCache));
        Assert.Equal((7L, 7L), await AssertConsistentAsync(repo));
    }

    [Fact]
    public async Task RunAsync_CancelledInsideBatchTransaction_NothingOfThatBatchWritten()
    {
        var repo = await RepositoryAsync("invoice", 3);
        var pipeline = new EmbeddingPipeline(fixture.DataSource, model.Embedder, options: TwoPerBatch);
        using var cts = new CancellationTokenSource();

        // Hold the cache so the first batch's transaction blocks after COPYing its vectors, then cancel it there.
        await using var blocker = await fixture.DataSource.OpenConnectionAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var lockCache = new NpgsqlCommand("LOCK TABLE embedding_cache IN EXCLUSIVE MODE", blocker, hold))
        {
            await lockCache.ExecuteNonQueryAsync();
        }

        var run = pipeline.RunAsync(repo, null, cts.Token);
        await WaitForBlockedInsertAsync(run);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await hold.RollbackAsync();

        Assert.Equal((0L, 0L), await AssertConsistentAsync(repo));
        Assert.Equal(3, await pipeline.PendingCountAsync(repo));
        Assert.Equal((3, 0), ((await pipeline.RunAsync(repo)).Embedded, await pipeline.PendingCountAsync(repo)));
    }

    private async Task WaitForBlockedInsertAsync(Task run)
    {
        for (var i = 0; i < 1200; i++)
        {
            Assert.False(run.IsCompleted, "the run finished although the cache was locked");
            if (await Db.CountAsync(fixture.DataSource, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO embedding_cache%'") > 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the batch transaction never reached the cache insert");
    }
}
