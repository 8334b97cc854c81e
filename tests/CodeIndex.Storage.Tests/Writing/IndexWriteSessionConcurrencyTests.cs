using CodeIndex.Core.Errors;
using CodeIndex.Storage.Repositories;
using CodeIndex.Storage.Tests.Support;
using CodeIndex.Storage.Writing;
using CodeIndex.Testing;
using static CodeIndex.Storage.Tests.Support.Records;

namespace CodeIndex.Storage.Tests.Writing;

/// <summary>Two index runs on one repository serialise; --no-wait refuses.</summary>
public sealed class IndexWriteSessionConcurrencyTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task BeginAsync_SecondRunOnSameRepository_WaitsUntilFirstCommits()
    {
        var repo = (await new RepositoryStore(fixture.DataSource).GetOrCreateAsync("/tmp/repos/concurrent")).Id;
        var writer = new SymbolWriter(fixture.DataSource);
        var first = await writer.BeginAsync(repo);
        await first.WriteAsync(Batch([Symbol("T:First")]));

        var secondStarted = writer.BeginAsync(repo);
        await Task.Delay(500);
        Assert.False(secondStarted.IsCompleted);

        await first.CommitAsync();
        await first.DisposeAsync();
        await using var second = await secondStarted.WaitAsync(TimeSpan.FromSeconds(30));
        await second.WriteAsync(Batch([Symbol("T:Second")]));
        await second.CommitAsync();

        Assert.Equal(["T:Second"], await Db.RowsAsync(fixture.DataSource, "SELECT symbol_key FROM code_symbols WHERE repository_id = $1", repo));
    }

    [Fact]
    public async Task BeginAsync_NoWaitWhileAnotherRunHoldsRepository_ThrowsIndexInProgress()
    {
        var store = new RepositoryStore(fixture.DataSource);
        var repo = (await store.GetOrCreateAsync("/tmp/repos/nowait")).Id;
        var other = (await store.GetOrCreateAsync("/tmp/repos/nowait-other")).Id;
        var writer = new SymbolWriter(fixture.DataSource);
        await using var first = await writer.BeginAsync(repo);

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => writer.BeginAsync(repo, new IndexWriteOptions(NoWait: true)));
        Assert.Equal("index_in_progress", error.Code);
        await using var unrelated = await writer.BeginAsync(other, new IndexWriteOptions(NoWait: true));
        Assert.Equal(other, unrelated.RepositoryId);
    }

    [Fact]
    public async Task DisposeAsync_WithoutCommit_ReleasesLockForNextRun()
    {
        var repo = (await new RepositoryStore(fixture.DataSource).GetOrCreateAsync("/tmp/repos/release")).Id;
        var writer = new SymbolWriter(fixture.DataSource);
        await using (var first = await writer.BeginAsync(repo))
        {
            await first.WriteAsync(Batch([Symbol("T:X")]));
        }

        await using var second = await writer.BeginAsync(repo, new IndexWriteOptions(NoWait: true));
        Assert.Equal(repo, second.RepositoryId);
    }
}
