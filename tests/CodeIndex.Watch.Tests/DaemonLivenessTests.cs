using CodeIndex.Storage.Connection;
using CodeIndex.Storage.Repositories;
using CodeIndex.Testing;
using CodeIndex.Watch.Hosting;

namespace CodeIndex.Watch.Tests;

/// <summary>Liveness comes from the daemon's advisory lock in pg_locks — of this database only (two databases on one server reuse repository ids).</summary>
public sealed class DaemonLivenessTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task ADaemonInAnotherDatabase_DoesNotMakeTheSameRepositoryIdLookWatched()
    {
        await using var watched = DatabaseConnector.Create(await fixture.CreateDatabaseAsync("livea"));
        await using var other = DatabaseConnector.Create(await fixture.CreateDatabaseAsync("liveb"));
        var a = await new RepositoryStore(watched).GetOrCreateAsync("/tmp/liveness-repo");
        var b = await new RepositoryStore(other).GetOrCreateAsync("/tmp/liveness-repo");
        Assert.Equal(a.Id, b.Id); // fresh databases: the same id

        await using (await DaemonLock.AcquireAsync(watched, a.Id, a.Name, CancellationToken.None))
        {
            Assert.True((await new WatchStatusStore(watched).ReadAsync(a.Id)).Single().Live);
            Assert.False((await new WatchStatusStore(other).ReadAsync(b.Id)).Single().Live);
            await using var second = await DaemonLock.AcquireAsync(other, b.Id, b.Name, CancellationToken.None); // its own database: free
        }

        Assert.False((await new WatchStatusStore(watched).ReadAsync(a.Id)).Single().Live);
    }
}
