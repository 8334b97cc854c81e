using CodeIndex.Chroma.Client;
using CodeIndex.Chroma.Outbox;
using CodeIndex.Chroma.Sync;
using CodeIndex.Chroma.Tests.Support;
using CodeIndex.Testing;

namespace CodeIndex.Chroma.Tests.Sync;

[Collection(ChromaServerCollection.Name)]
public sealed class SyncVerifyTests(ChromaServerFixture server, DatabaseFixture database) : IClassFixture<DatabaseFixture>, IDisposable
{
    private readonly ChromaClient _client = server.CreateClient(database: ChromaServerFixture.DatabaseFor(database));

    public void Dispose() => _client.Dispose();

    private ChromaOutboxDrainer Drainer() => new(database.DataSource, _client);

    private ChromaSynchronizer Synchronizer() => new(database.DataSource, _client, Drainer());

    private ChromaVerifier Verifier() => new(database.DataSource, _client);

    private async Task<(long Repository, ChromaCollection Collection)> SyncedRepositoryAsync(int count)
    {
        var repository = await EmbeddingData.CreateRepositoryAsync(database.DataSource);
        await EmbeddingData.InsertSymbolsAsync(database.DataSource, repository, 0, count);
        await Drainer().DrainAsync();
        return (repository, (await _client.GetCollectionAsync(ChromaCollectionNames.For(repository, EmbeddingData.ModelId)))!);
    }

    [Fact]
    public async Task Verify_InSync_ReportsNoDrift()
    {
        var (repository, _) = await SyncedRepositoryAsync(30);

        var result = await Verifier().VerifyAsync(repository, textSample: 0);

        Assert.False(result.HasDrift, string.Join("\n", result.Drift));
        var collection = Assert.Single(result.Collections);
        Assert.Equal((30L, 30L, 30), (collection.PostgresCount, collection.ChromaCount, collection.TextsCompared));
        Assert.Equal(0, result.PendingOutbox);
    }

    [Fact]
    public async Task Verify_DocumentDeletedInChroma_ReportsMissingThenRebuildRepairs()
    {
        var (repository, collection) = await SyncedRepositoryAsync(30);
        await _client.DeleteAsync(collection, [EmbeddingData.DocumentId(7)]);

        var before = await Verifier().VerifyAsync(repository);

        Assert.True(before.HasDrift);
        var missing = Assert.Single(before.Drift, d => d.Kind == DriftKind.MissingInChroma);
        Assert.Equal(EmbeddingData.DocumentId(7), missing.DocumentId);
        Assert.Contains(before.Drift, d => d.Kind == DriftKind.CountMismatch);
        Assert.Equal(1, before.Collections[0].MissingInChroma);

        var plain = await Synchronizer().SyncAsync(repository, rebuild: false);
        Assert.Empty(plain.Rebuilt);
        Assert.True((await Verifier().VerifyAsync(repository)).HasDrift, "a plain sync only drains the outbox; it cannot know about the deletion");

        var sync = await Synchronizer().SyncAsync(repository, rebuild: true);

        var rebuilt = Assert.Single(sync.Rebuilt);
        Assert.Equal((30, 0), (rebuilt.Upserted, rebuilt.ExtraDeleted));
        var after = await Verifier().VerifyAsync(repository, textSample: 0);
        Assert.False(after.HasDrift, string.Join("\n", after.Drift));
    }

    [Fact]
    public async Task Verify_ExtraAndChangedDocumentsInChroma_ReportsThemAndRebuildRepairs()
    {
        var (repository, collection) = await SyncedRepositoryAsync(12);
        await _client.UpsertAsync(collection, [new ChromaRecord("M:Stale.Symbol", EmbeddingData.Vector(999), "stale", null)]);
        await _client.UpsertAsync(collection, [new ChromaRecord(EmbeddingData.DocumentId(3), EmbeddingData.Vector(3), "tampered \"text\" ✓", null)]);

        var before = await Verifier().VerifyAsync(repository, textSample: 0);

        Assert.Equal("M:Stale.Symbol", Assert.Single(before.Drift, d => d.Kind == DriftKind.ExtraInChroma).DocumentId);
        var changed = Assert.Single(before.Drift, d => d.Kind == DriftKind.TextMismatch);
        Assert.Equal(EmbeddingData.DocumentId(3), changed.DocumentId);
        Assert.Contains("tampered", changed.Detail, StringComparison.Ordinal);
        Assert.Equal((12L, 13L), (before.Collections[0].PostgresCount, before.Collections[0].ChromaCount));

        var sync = await Synchronizer().SyncAsync(repository, rebuild: true);

        Assert.Equal(1, Assert.Single(sync.Rebuilt).ExtraDeleted);
        Assert.False((await Verifier().VerifyAsync(repository, textSample: 0)).HasDrift);
    }

    [Fact]
    public async Task Verify_CollectionMissing_ReportsCountMismatchAndAllMissing()
    {
        var repository = await EmbeddingData.CreateRepositoryAsync(database.DataSource);
        await EmbeddingData.InsertSymbolsAsync(database.DataSource, repository, 0, 4, enqueue: false);

        var result = await Verifier().VerifyAsync(repository);

        Assert.Contains(result.Drift, d => d.Kind == DriftKind.CountMismatch && d.Detail.Contains("does not exist", StringComparison.Ordinal));
        Assert.Equal(4, result.Drift.Count(d => d.Kind == DriftKind.MissingInChroma));
    }

    [Fact]
    public async Task Sync_RowsWaitingForBackoff_DrainsThemNow()
    {
        var repository = await EmbeddingData.CreateRepositoryAsync(database.DataSource);
        await EmbeddingData.InsertSymbolsAsync(database.DataSource, repository, 0, 5, enqueue: false);
        for (var i = 0; i < 5; i++)
        {
            await EmbeddingData.EnqueueAsync(database.DataSource, repository, "upsert", EmbeddingData.DocumentId(i), DateTimeOffset.UtcNow.AddHours(1));
        }

        Assert.Equal(0, (await Drainer().DrainAsync()).RowsCompleted);
        var sync = await Synchronizer().SyncAsync(repository, rebuild: false);

        Assert.Equal(5, sync.Drain.RowsCompleted);
        Assert.Equal(0, sync.PendingAfter);
        Assert.False((await Verifier().VerifyAsync(repository)).HasDrift);
    }

    [Fact]
    public async Task Verify_LargeCollectionWithSample_ComparesOnlyTheSample()
    {
        var (repository, _) = await SyncedRepositoryAsync(1200);

        var result = await Verifier().VerifyAsync(repository, textSample: 50);

        Assert.False(result.HasDrift, string.Join("\n", result.Drift));
        Assert.Equal((1200L, 1200L, 50), (result.Collections[0].PostgresCount, result.Collections[0].ChromaCount, result.Collections[0].TextsCompared));
    }

    [Fact]
    public async Task SyncRebuild_RepositoryRemoved_DeletesItsCollectionOnly()
    {
        var (removed, _) = await SyncedRepositoryAsync(3);
        var (kept, _) = await SyncedRepositoryAsync(2);
        await EmbeddingData.ExecuteScalarAsync(database.DataSource, "DELETE FROM repositories WHERE id = $1", removed);

        var sync = await Synchronizer().SyncAsync(null, rebuild: true);

        Assert.Contains(ChromaCollectionNames.For(removed, EmbeddingData.ModelId), sync.DroppedCollections);
        Assert.Null(await _client.GetCollectionAsync(ChromaCollectionNames.For(removed, EmbeddingData.ModelId)));
        Assert.Equal(2, await _client.CountAsync((await _client.GetCollectionAsync(ChromaCollectionNames.For(kept, EmbeddingData.ModelId)))!));
        Assert.Equal(0, await Drainer().PendingAsync(removed));
    }

    [Fact]
    public async Task SyncRebuild_OneRepository_LeavesOtherRepositoriesCollectionsAlone()
    {
        var (first, _) = await SyncedRepositoryAsync(2);
        var (second, secondCollection) = await SyncedRepositoryAsync(2);
        await _client.DeleteAsync(secondCollection, [EmbeddingData.DocumentId(0)]);

        var sync = await Synchronizer().SyncAsync(first, rebuild: true);

        Assert.Equal(first, Assert.Single(sync.Rebuilt).RepositoryId);
        Assert.Empty(sync.DroppedCollections);
        Assert.Equal(1, await _client.CountAsync(secondCollection));
    }
}
