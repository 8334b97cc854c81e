using System.Diagnostics;
using CodeIndex.Chroma.Client;
using CodeIndex.Chroma.Outbox;
using CodeIndex.Chroma.Tests.Support;
using CodeIndex.Testing;
using Xunit.Abstractions;

namespace CodeIndex.Chroma.Tests.Outbox;

[Collection(ChromaServerCollection.Name)]
public sealed class OutboxDrainTests(ChromaServerFixture server, DatabaseFixture database, ITestOutputHelper output) : IClassFixture<DatabaseFixture>, IDisposable
{
    private readonly ChromaClient _client = server.CreateClient(database: ChromaServerFixture.DatabaseFor(database));

    public void Dispose() => _client.Dispose();

    private ChromaOutboxDrainer Drainer(int batchSize = 256, TimeProvider? time = null) =>
        new(database.DataSource, _client, ChromaDrainOptions.Default with { BatchSize = batchSize }, time);

    private async Task<ChromaCollection> CollectionAsync(long repositoryId) =>
        (await _client.GetCollectionAsync(ChromaCollectionNames.For(repositoryId, EmbeddingData.ModelId)))!;

    [Fact]
    public async Task Drain_QueuedUpserts_ChromaHoldsCurrentVectorsTextsAndMetadata()
    {
        var repository = await EmbeddingData.CreateRepositoryAsync(database.DataSource);
        await EmbeddingData.InsertSymbolsAsync(database.DataSource, repository, 0, 40);
        var drainer = Drainer(batchSize: 16);
        Assert.Equal(40, await drainer.PendingAsync(repository));

        var result = await drainer.DrainAsync();

        Assert.Equal(40, result.RowsCompleted);
        Assert.Equal(40, result.DocumentsUpserted);
        Assert.Equal(3, result.Batches);
        Assert.Equal(0, await drainer.PendingAsync(repository));
        var collection = await CollectionAsync(repository);
        Assert.Equal(40, await _client.CountAsync(collection));
        var stored = Assert.Single(await _client.GetAsync(collection, [EmbeddingData.DocumentId(23)], ChromaInclude.Documents | ChromaInclude.Metadatas | ChromaInclude.Embeddings));
        Assert.Equal(EmbeddingData.Text(23), stored.Document);
        Assert.Equal(new ChromaDocumentMetadata("method", "src/Type2.cs", 33, "Sample", EmbeddingData.DocumentId(23)), stored.Metadata);
        Assert.Equal(EmbeddingData.Vector(23)[100], stored.Embedding![100], 5);
        var nearest = await _client.QueryAsync(collection, EmbeddingData.Vector(11), 1, ChromaInclude.None);
        Assert.Equal(EmbeddingData.DocumentId(11), nearest[0].Id);
    }

    [Fact]
    public async Task Drain_TextChangedAfterEnqueue_SendsCurrentText()
    {
        var repository = await EmbeddingData.CreateRepositoryAsync(database.DataSource);
        await EmbeddingData.InsertSymbolsAsync(database.DataSource, repository, 0, 3);
        await EmbeddingData.ExecuteScalarAsync(database.DataSource, "UPDATE symbol_embeddings SET embedded_text = 'changed' WHERE repository_id = $1 AND document_id = $2", repository, EmbeddingData.DocumentId(1));

        await Drainer().DrainAsync();

        var stored = await _client.GetAsync(await CollectionAsync(repository), [EmbeddingData.DocumentId(1)], ChromaInclude.Documents);
        Assert.Equal("changed", Assert.Single(stored).Document);
    }

    [Fact]
    public async Task Drain_SameRowsTwice_IsIdempotent()
    {
        var repository = await EmbeddingData.CreateRepositoryAsync(database.DataSource);
        await EmbeddingData.InsertSymbolsAsync(database.DataSource, repository, 0, 10);
        var drainer = Drainer();
        await drainer.DrainAsync();
        for (var i = 0; i < 10; i++)
        {
            await EmbeddingData.EnqueueAsync(database.DataSource, repository, "upsert", EmbeddingData.DocumentId(i));
            await EmbeddingData.EnqueueAsync(database.DataSource, repository, "upsert", EmbeddingData.DocumentId(i));
        }

        await EmbeddingData.EnqueueAsync(database.DataSource, repository, "delete", "never-existed");
        await EmbeddingData.EnqueueAsync(database.DataSource, repository, "delete", "never-existed");
        var second = await drainer.DrainAsync();

        Assert.Equal(22, second.RowsCompleted);
        Assert.Equal(0, second.RowsFailed);
        Assert.Equal(10, second.DocumentsUpserted); // duplicates of one document are sent once
        Assert.Equal(10, await _client.CountAsync(await CollectionAsync(repository)));
        Assert.Equal(0, await drainer.PendingAsync(repository));
    }

    [Fact]
    public async Task Drain_SymbolDeleted_TriggerQueuesDeleteAndDocumentLeavesChroma()
    {
        var repository = await EmbeddingData.CreateRepositoryAsync(database.DataSource);
        await EmbeddingData.InsertSymbolsAsync(database.DataSource, repository, 0, 5);
        var drainer = Drainer();
        await drainer.DrainAsync();

        await EmbeddingData.ExecuteScalarAsync(database.DataSource, "DELETE FROM code_symbols WHERE repository_id = $1 AND symbol_key = $2", repository, EmbeddingData.DocumentId(2));
        Assert.Equal(1, await EmbeddingData.ExecuteScalarAsync(database.DataSource, "SELECT count(*) FROM chroma_outbox WHERE repository_id = $1 AND operation = 'delete'", repository));
        var result = await drainer.DrainAsync();

        Assert.Equal(1, result.DocumentsDeleted);
        var collection = await CollectionAsync(repository);
        Assert.Equal(4, await _client.CountAsync(collection));
        Assert.Empty(await _client.GetAsync(collection, [EmbeddingData.DocumentId(2)], ChromaInclude.None));
    }

    [Fact]
    public async Task Drain_UpsertWhoseVectorIsNowNull_DeletesTheStaleDocument()
    {
        var repository = await EmbeddingData.CreateRepositoryAsync(database.DataSource);
        await EmbeddingData.InsertSymbolsAsync(database.DataSource, repository, 0, 3);
        var drainer = Drainer();
        await drainer.DrainAsync();
        await EmbeddingData.ExecuteScalarAsync(database.DataSource, "UPDATE symbol_embeddings SET embedding = NULL, dimension = NULL, embedded_text = 'new text' WHERE repository_id = $1 AND document_id = $2", repository, EmbeddingData.DocumentId(0));
        await EmbeddingData.EnqueueAsync(database.DataSource, repository, "upsert", EmbeddingData.DocumentId(0));

        var result = await drainer.DrainAsync();

        Assert.Equal((0, 1), (result.DocumentsUpserted, result.DocumentsDeleted));
        Assert.Equal(2, await _client.CountAsync(await CollectionAsync(repository)));
    }

    [Fact]
    public async Task Drain_DeleteBeforeAnythingWasSent_CompletesWithoutCreatingCollection()
    {
        var repository = await EmbeddingData.CreateRepositoryAsync(database.DataSource);
        await EmbeddingData.EnqueueAsync(database.DataSource, repository, "delete", "M:Gone");

        var result = await Drainer().DrainAsync();

        Assert.Equal(1, result.RowsCompleted);
        Assert.Null(await _client.GetCollectionAsync(ChromaCollectionNames.For(repository, EmbeddingData.ModelId)));
    }

    [Fact]
    public async Task Drain_RepositoryRemoved_TriggerQueuesDropAndCollectionIsDeleted()
    {
        var repository = await EmbeddingData.CreateRepositoryAsync(database.DataSource);
        await EmbeddingData.InsertSymbolsAsync(database.DataSource, repository, 0, 3);
        var drainer = Drainer();
        await drainer.DrainAsync();
        await EmbeddingData.ExecuteScalarAsync(database.DataSource, "DELETE FROM repositories WHERE id = $1", repository);
        Assert.Equal(1, await drainer.PendingAsync(repository)); // 004: one drop row per model, queued by the repositories trigger

        var result = await drainer.DrainAsync();

        Assert.Equal(1, result.RowsCompleted);

        Assert.Null(await _client.GetCollectionAsync(ChromaCollectionNames.For(repository, EmbeddingData.ModelId)));
        Assert.Equal(0, await drainer.PendingAsync(repository));
    }

    [Fact]
    public async Task RemoveRepository_ChromaDisabled_QueuesNothing()
    {
        var repository = await EmbeddingData.CreateRepositoryAsync(database.DataSource, chromaEnabled: false);
        await EmbeddingData.InsertSymbolsAsync(database.DataSource, repository, 0, 3, enqueue: false);

        await EmbeddingData.ExecuteScalarAsync(database.DataSource, "DELETE FROM repositories WHERE id = $1", repository);

        Assert.Equal(0, await Drainer().PendingAsync(repository));
    }

    [Fact]
    public async Task Drain_MaxBatchesAndBackoff_StopsAtLimitAndSkipsRowsNotYetDue()
    {
        var repository = await EmbeddingData.CreateRepositoryAsync(database.DataSource);
        await EmbeddingData.InsertSymbolsAsync(database.DataSource, repository, 0, 10);
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1));
        await EmbeddingData.EnqueueAsync(database.DataSource, repository, "upsert", EmbeddingData.DocumentId(0), DateTimeOffset.UtcNow.AddMinutes(10));
        var drainer = Drainer(batchSize: 3, time);

        var limited = await drainer.DrainAsync(maxBatches: 2);
        Assert.Equal((2, 6), (limited.Batches, limited.RowsCompleted));
        await drainer.DrainAsync();
        Assert.Equal(1, await drainer.PendingAsync(repository));

        time.Advance(TimeSpan.FromMinutes(11));
        await drainer.DrainAsync();
        Assert.Equal(0, await drainer.PendingAsync(repository));
    }

    [Fact]
    public async Task Drain_FiveThousandUpserts_AllArriveAndReportsThroughput()
    {
        var repository = await EmbeddingData.CreateRepositoryAsync(database.DataSource);
        await EmbeddingData.InsertSymbolsAsync(database.DataSource, repository, 0, 5000);
        var drainer = Drainer();

        var watch = Stopwatch.StartNew();
        var result = await drainer.DrainAsync();
        watch.Stop();

        Assert.Equal(5000, result.DocumentsUpserted);
        Assert.Equal(5000, await _client.CountAsync(await CollectionAsync(repository)));
        output.WriteLine($"Drained 5000 upserts (512-d) in {watch.Elapsed.TotalSeconds:0.00} s: {5000 / watch.Elapsed.TotalSeconds:0} documents/s, {result.Batches} batches");
    }
}
