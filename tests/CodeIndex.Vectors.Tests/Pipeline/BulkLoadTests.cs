using CodeIndex.Core.Model;
using CodeIndex.Embeddings;
using CodeIndex.Testing;
using CodeIndex.Vectors.Pipeline;
using CodeIndex.Vectors.Storage;
using CodeIndex.Vectors.Tests.Support;
using Npgsql;

namespace CodeIndex.Vectors.Tests.Pipeline;

/// <summary>How the pipeline writes: bulk loads build the HNSW index once at the end (and never leave it missing),
/// grouped write transactions with and without overlap, and batches cut in token order.</summary>
public sealed class BulkLoadTests(DatabaseFixture fixture, UseLiteFixture model) : IClassFixture<DatabaseFixture>, IClassFixture<UseLiteFixture>
{
    private static readonly string IndexName = ModelIdentifier.HnswIndexName("use-lite-v1");

    private static List<SymbolRecord> Members(string topic, int count)
    {
        string[] verbs = ["Load", "Save", "Merge", "Split", "Render", "Validate", "Compress", "Encrypt", "Sort", "Print", "Parse", "Send"];
        return Enumerable.Range(0, count)
            .Select(i => Symbols.Member("Bulk." + topic, "Worker" + (i % 3), verbs[i % verbs.Length] + topic + i, doc: $"{verbs[i % verbs.Length]}s the {topic} item {i}."))
            .ToList();
    }

    private static async Task<long> RepositoryAsync(NpgsqlDataSource db, List<SymbolRecord> symbols)
    {
        var repo = await Symbols.NewRepositoryAsync(db);
        await Symbols.IndexAsync(db, repo, symbols);
        return repo;
    }

    /// <summary>The index's oid (a rebuilt index gets a new one) and whether it is valid; (0, false) when it does not exist.</summary>
    private static async Task<(long Oid, bool Valid)> IndexAsync(NpgsqlDataSource db)
    {
        var rows = await Db.RowsAsync(db, "SELECT c.oid::bigint, i.indisvalid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.relname = $1", IndexName);
        if (rows.Count == 0)
        {
            return (0, false);
        }

        var parts = rows[0].Split('|');
        return (long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts[1] == "True");
    }

    [Fact]
    public async Task RunAsync_BulkLoadIntoEmptyStore_IndexBuiltOnceAtTheEndAndUsedBySearch()
    {
        await using var db = CodeIndex.Storage.Connection.DatabaseConnector.Create(await fixture.CreateDatabaseAsync("bulk"));
        var repo = await RepositoryAsync(db, Members("ledger", 12));
        var options = new EmbeddingPipelineOptions { BatchSize = 4, WriteBatchSize = 4, BulkIndexThreshold = 10 };

        var result = await new EmbeddingPipeline(db, model.Embedder, options: options).RunAsync(repo);

        Assert.Equal((12, 12, 0), (result.Embedded, result.FilledByEmbedding, result.Pending));
        Assert.True(result.IndexRebuilt);
        Assert.True(result.IndexBuildTime > TimeSpan.Zero);
        var (oid, valid) = await IndexAsync(db);
        Assert.True(oid != 0 && valid, "the HNSW index is missing or invalid after the bulk load");
        Assert.Equal(12, await Db.CountAsync(db, "SELECT count(*) FROM symbol_embeddings WHERE repository_id = $1 AND embedding IS NOT NULL", repo));

        // The rebuilt index serves nearest-neighbour queries (the planner must pick it when sequential scans are off).
        await using var connection = await db.OpenConnectionAsync();
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand(
            "EXPLAIN SELECT symbol_id FROM symbol_embeddings WHERE model_id = 'use-lite-v1' ORDER BY embedding::vector(512) <=> (SELECT embedding FROM symbol_embeddings LIMIT 1) LIMIT 5",
            connection);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.Contains(plan, line => line.Contains("Index Scan using " + IndexName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_FewPendingAgainstManyStored_IndexMaintainedRowByRow()
    {
        await using var db = CodeIndex.Storage.Connection.DatabaseConnector.Create(await fixture.CreateDatabaseAsync("rowbyrow"));
        var options = new EmbeddingPipelineOptions { BulkIndexThreshold = 3 };
        var pipeline = new EmbeddingPipeline(db, model.Embedder, options: options);
        Assert.True((await pipeline.RunAsync(await RepositoryAsync(db, Members("voucher", 10)))).IndexRebuilt);
        var before = await IndexAsync(db);

        // 4 pending ≥ threshold 3, but fewer than the 10 vectors already stored: rebuilding would index more than the run adds.
        var result = await pipeline.RunAsync(await RepositoryAsync(db, Members("parcel", 4)));

        Assert.Equal((4, false), (result.Embedded, result.IndexRebuilt));
        Assert.Equal(TimeSpan.Zero, result.IndexBuildTime);
        Assert.Equal(before, await IndexAsync(db));
    }

    [Fact]
    public async Task RunAsync_IndexTableLockedByAnotherWriter_KeepsIndexAndStillEmbedsEverything()
    {
        await using var db = CodeIndex.Storage.Connection.DatabaseConnector.Create(await fixture.CreateDatabaseAsync("locked"));
        var repo = await RepositoryAsync(db, Members("receipt", 5));
        await new VectorStoreSchema(db).EnsureModelAsync(model.Embedder.ModelId, model.Embedder.Dimension);
        var before = await IndexAsync(db);
        Assert.NotEqual(0, before.Oid);

        // Another transaction writing to symbol_embeddings (ROW EXCLUSIVE) blocks DROP INDEX, not the pipeline's own row writes.
        await using var blocker = await db.OpenConnectionAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE symbol_embeddings IN ROW EXCLUSIVE MODE", blocker, hold))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var options = new EmbeddingPipelineOptions { BulkIndexThreshold = 1, IndexLockTimeout = TimeSpan.FromMilliseconds(200) };
        var result = await new EmbeddingPipeline(db, model.Embedder, options: options).RunAsync(repo);
        await hold.RollbackAsync();

        Assert.Equal((5, 0, false), (result.Embedded, result.Pending, result.IndexRebuilt));
        Assert.Equal(before, await IndexAsync(db));
    }

    [Fact]
    public async Task RunAsync_EmbedderFailsDuringBulkLoad_ErrorPropagatesAndIndexIsRebuilt()
    {
        await using var db = CodeIndex.Storage.Connection.DatabaseConnector.Create(await fixture.CreateDatabaseAsync("bulkfail"));
        var repo = await RepositoryAsync(db, Members("coupon", 6));
        var failing = new FailingEmbedder(model.Embedder, succeedingCalls: 1);
        var options = new EmbeddingPipelineOptions { BatchSize = 2, WriteBatchSize = 2, BulkIndexThreshold = 1 };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new EmbeddingPipeline(db, failing, options: options).RunAsync(repo));

        Assert.Equal(FailingEmbedder.Message, error.Message);
        var (oid, valid) = await IndexAsync(db);
        Assert.True(oid != 0 && valid, "a failed bulk load left the HNSW index missing");
        Assert.Equal(2, await Db.CountAsync(db, "SELECT count(*) FROM symbol_embeddings WHERE repository_id = $1 AND embedding IS NOT NULL", repo));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task RunAsync_WritesGroupedAcrossEmbedderBatches_EveryVectorWrittenOnceInOrder(bool overlap, bool prefetch)
    {
        // Pages of 3 texts: with prefetch the reader runs ahead on its own task; without it the next page is read when the batches run out.
        var repo = await RepositoryAsync(fixture.DataSource, Members((overlap ? "pallet" : "crate") + (prefetch ? "p" : "s"), 7));
        var reports = new List<int>();
        var options = new EmbeddingPipelineOptions { BatchSize = 2, WriteBatchSize = 3, PageSize = 3, OverlapWrites = overlap, PrefetchTexts = prefetch };

        var result = await new EmbeddingPipeline(fixture.DataSource, model.Embedder, options: options).RunAsync(repo, new SyncProgress(reports.Add));

        // Batches continue across pages (2, 2, 2, 1); write groups close at the first whole batch reaching 3 texts: 2+2, 2+1.
        Assert.Equal([4, 7], reports);
        Assert.Equal((7, 7, 0), (result.Embedded, result.FilledByEmbedding, result.Pending));
        Assert.True(result.InferenceTime > TimeSpan.Zero);
        Assert.Equal(7, await Db.CountAsync(fixture.DataSource, "SELECT count(*) FROM symbol_embeddings WHERE repository_id = $1 AND embedding IS NOT NULL", repo));
    }

    [Fact]
    public async Task ReadBatchesAsync_PageReorderedByTokenCount_BatchesHoldSimilarCounts()
    {
        var repo = await RepositoryAsync(fixture.DataSource, Members("tariff", 6));
        await new EmbeddingPipeline(fixture.DataSource, model.Embedder, options: new EmbeddingPipelineOptions { BulkIndexThreshold = 0 }).RunAsync(repo);
        await Db.ExecuteAsync(fixture.DataSource, "UPDATE symbol_embeddings SET embedding = NULL, dimension = NULL WHERE repository_id = $1", repo);

        // A token counter that disagrees with character order: the digit at the end of each name decides.
        static int Tokens(string text) => -(text.First(char.IsDigit) - '0');
        var reader = new PendingTextReader(fixture.DataSource, repo, model.Embedder.ModelId, pageSize: 6, batchSize: 2, Tokens);
        var counts = new List<int[]>();
        await foreach (var batch in reader.ReadBatchesAsync())
        {
            counts.Add(batch.Select(t => Tokens(t.Text)).ToArray());
        }

        Assert.Equal([[-5, -4], [-3, -2], [-1, 0]], counts);
    }

    /// <summary>Delegates to the real embedder for the first calls, then fails (a plumbing fake: the vectors it returns are real).</summary>
    private sealed class FailingEmbedder(ITextEmbedder inner, int succeedingCalls) : ITextEmbedder
    {
        public const string Message = "embedder failed on purpose";
        private int _calls;

        public string ModelId => inner.ModelId;

        public int Dimension => inner.Dimension;

        public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct = default) =>
            Interlocked.Increment(ref _calls) > succeedingCalls ? throw new InvalidOperationException(Message) : inner.EmbedAsync(texts, ct);
    }

    [Theory]
    [InlineData(1)] // a parallel build with one worker besides the leader
    [InlineData(5000)] // the parallel attempt fails (PostgreSQL allows at most 1024 parallel_workers): rolled back, built serially
    public async Task RebuildIndexAsync_ParallelOrFallingBackToSerial_IndexValidAndTableOptionsUntouched(int workers)
    {
        await using var db = CodeIndex.Storage.Connection.DatabaseConnector.Create(await fixture.CreateDatabaseAsync("parallel"));
        await new EmbeddingPipeline(db, model.Embedder).RunAsync(await RepositoryAsync(db, Members("invoice", 12)));
        var schema = new VectorStoreSchema(db) { ParallelBuildWorkers = workers };
        Assert.True(await schema.SuspendIndexAsync("use-lite-v1", TimeSpan.FromSeconds(2)));
        Assert.Equal((0L, false), await IndexAsync(db));

        await schema.RebuildIndexAsync("use-lite-v1", 512);

        var (oid, valid) = await IndexAsync(db);
        Assert.True(oid != 0 && valid, "the HNSW index is missing or invalid after the rebuild");
        Assert.Equal(["null"], await Db.RowsAsync(db, "SELECT coalesce(array_to_string(reloptions, ','), 'null') FROM pg_class WHERE relname = 'symbol_embeddings'"));
    }
}
