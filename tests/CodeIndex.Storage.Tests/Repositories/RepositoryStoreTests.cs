using CodeIndex.Core.Errors;
using CodeIndex.Storage.Repositories;
using CodeIndex.Storage.Tests.Support;
using CodeIndex.Storage.Writing;
using CodeIndex.Testing;
using static CodeIndex.Storage.Tests.Support.Records;

namespace CodeIndex.Storage.Tests.Repositories;

/// <summary>Get-or-create, naming, lookup, listing and cascading removal of repositories.</summary>
public sealed class RepositoryStoreTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private readonly RepositoryStore _store = new(fixture.DataSource);

    [Fact]
    public async Task GetOrCreateAsync_SamePathTwice_ReturnsSameRepository()
    {
        var a = await _store.GetOrCreateAsync("/tmp/r1/app/");
        var b = await _store.GetOrCreateAsync("/tmp/r1/app");
        Assert.Equal(a.Id, b.Id);
        Assert.Equal("app", a.Name);
        Assert.Equal("/tmp/r1/app", a.RootPath);
    }

    [Fact]
    public async Task GetOrCreateAsync_NameTakenByOtherRoot_SuffixesName()
    {
        var a = await _store.GetOrCreateAsync("/tmp/r2/lib");
        var b = await _store.GetOrCreateAsync("/tmp/r3/lib");
        var c = await _store.GetOrCreateAsync("/tmp/r4/lib");
        Assert.Equal(["lib", "lib-2", "lib-3"], new[] { a.Name, b.Name, c.Name });
    }

    [Fact]
    public async Task FindAsync_ByNameOrPath_FindsAndUnknownIsNull()
    {
        var created = await _store.GetOrCreateAsync("/tmp/r5/It's 100%_odd");
        Assert.Equal(created.Id, (await _store.FindAsync("It's 100%_odd"))!.Id);
        Assert.Equal(created.Id, (await _store.FindAsync("/tmp/r5/It's 100%_odd/"))!.Id);
        Assert.Null(await _store.FindAsync("It's 100%"));
        var error = await Assert.ThrowsAsync<UserInputException>(() => _store.ResolveAsync("nope"));
        Assert.Equal("repository_not_found", error.Code);
    }

    [Fact]
    public async Task ListAsync_AfterIndexing_ReportsCountsAndIndexedAt()
    {
        var repo = await _store.GetOrCreateAsync("/tmp/r6/listed");
        await using (var session = await new SymbolWriter(fixture.DataSource).BeginAsync(repo.Id))
        {
            var a = Symbol("T:A");
            var b = Symbol("M:A.B");
            await session.WriteAsync(Batch([a, b], [Edge(b, a)]));
            await session.CommitAsync();
        }

        var listed = (await _store.ListAsync()).Single(r => r.Id == repo.Id);
        Assert.Equal((2L, 1L), (listed.SymbolCount, listed.RelationshipCount));
        Assert.NotNull(listed.IndexedAt);
        Assert.Null(repo.IndexedAt);
    }

    [Fact]
    public async Task RemoveAsync_IndexedRepository_CascadesToEveryTable()
    {
        var repo = await _store.GetOrCreateAsync("/tmp/r7/removed");
        await using (var session = await new SymbolWriter(fixture.DataSource).BeginAsync(repo.Id))
        {
            var a = Symbol("T:A");
            var b = Symbol("M:A.B");
            await session.WriteAsync(Batch([a, b], [Edge(b, a)]));
            await session.CommitAsync();
        }

        Assert.True(await _store.RemoveAsync(repo.Id));
        Assert.False(await _store.RemoveAsync(repo.Id));
        Assert.Equal(0, await Db.CountAsync(fixture.DataSource, "SELECT count(*) FROM code_symbols WHERE repository_id = $1", repo.Id));
        Assert.Equal(0, await Db.CountAsync(fixture.DataSource, "SELECT count(*) FROM symbol_relationships WHERE repository_id = $1", repo.Id));
        Assert.Equal(0, await Db.CountAsync(fixture.DataSource, "SELECT (SELECT count(*) FROM symbol_locations l WHERE NOT EXISTS (SELECT 1 FROM code_symbols c WHERE c.id = l.symbol_id)) + (SELECT count(*) FROM relationship_sites x WHERE NOT EXISTS (SELECT 1 FROM symbol_relationships r WHERE r.id = x.relationship_id))"));
        Assert.Null(await _store.FindAsync("removed"));
    }
}
