using CodeIndex.Query.Tests.Support;
using CodeIndex.Testing;

namespace CodeIndex.Query.Tests;

/// <summary>Callers and callees with and without <see cref="QueryOptions.Dispatch"/> through an interface and an override.</summary>
public sealed class DispatchTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private readonly RelationshipQuery _query = new(fixture.DataSource);

    // Impl.M implements IFoo.M; Derived.N overrides Base.N.
    // ViaInterface → IFoo.M, Direct → Impl.M, ViaBase → Base.N, Top → ViaInterface, Impl.M → Helper.
    private async Task<Dictionary<string, long>> BuildAsync()
    {
        var g = await TestGraph.CreateAsync(fixture.DataSource);
        var id = new Dictionary<string, long>();
        foreach (var n in new[] { "IFoo.M", "Impl.M", "Base.N", "Derived.N", "ViaInterface", "Direct", "ViaBase", "Top", "Helper" })
        {
            id[n] = await g.AddAsync($"App.{n}");
        }

        await g.EdgeAsync(id["Impl.M"], id["IFoo.M"], "implements");
        await g.EdgeAsync(id["Derived.N"], id["Base.N"], "overrides");
        await g.CallsAsync(
            (id["ViaInterface"], id["IFoo.M"]), (id["Direct"], id["Impl.M"]), (id["ViaBase"], id["Base.N"]),
            (id["Top"], id["ViaInterface"]), (id["Impl.M"], id["Helper"]));
        return id;
    }

    [Fact]
    public async Task CallersAsync_DispatchOff_OnlyStaticCallers()
    {
        var id = await BuildAsync();

        var page = await _query.CallersAsync(id["Impl.M"], new QueryOptions(Depth: 5));

        Assert.Equal(["App.Direct"], page.Results.Select(r => r.Symbol.QualifiedName));
    }

    [Fact]
    public async Task CallersAsync_DispatchThroughInterface_IncludesCallersOfInterfaceMember()
    {
        var id = await BuildAsync();

        var page = await _query.CallersAsync(id["Impl.M"], new QueryOptions(Depth: 5, Dispatch: true));

        PageAssert.Equal(
        [
            "1 calls App.Direct [M:App.Impl.M > M:App.Direct]",
            "1 implements App.IFoo.M [M:App.Impl.M > M:App.IFoo.M]",
            "2 calls App.ViaInterface [M:App.Impl.M > M:App.IFoo.M > M:App.ViaInterface]",
            "3 calls App.Top [M:App.Impl.M > M:App.IFoo.M > M:App.ViaInterface > M:App.Top]",
        ], page);
    }

    [Fact]
    public async Task CallersAsync_DispatchThroughOverride_IncludesCallersOfBaseMember()
    {
        var id = await BuildAsync();

        var page = await _query.CallersAsync(id["Derived.N"], new QueryOptions(Depth: 5, Dispatch: true));

        PageAssert.Equal(
        [
            "1 overrides App.Base.N [M:App.Derived.N > M:App.Base.N]",
            "2 calls App.ViaBase [M:App.Derived.N > M:App.Base.N > M:App.ViaBase]",
        ], page);
    }

    [Fact]
    public async Task CallersAsync_DispatchOnInterfaceMember_DoesNotGoDownToImplementationCallers()
    {
        var id = await BuildAsync();

        var page = await _query.CallersAsync(id["IFoo.M"], new QueryOptions(Depth: 5, Dispatch: true));

        Assert.Equal(["App.ViaInterface", "App.Top"], page.Results.Select(r => r.Symbol.QualifiedName));
    }

    [Fact]
    public async Task CalleesAsync_DispatchThroughInterface_IncludesImplementationsAndTheirCallees()
    {
        var id = await BuildAsync();

        var off = await _query.CalleesAsync(id["ViaInterface"], new QueryOptions(Depth: 5));
        var on = await _query.CalleesAsync(id["ViaInterface"], new QueryOptions(Depth: 5, Dispatch: true));

        Assert.Equal(["App.IFoo.M"], off.Results.Select(r => r.Symbol.QualifiedName));
        PageAssert.Equal(
        [
            "1 calls App.IFoo.M [M:App.ViaInterface > M:App.IFoo.M]",
            "2 implements App.Impl.M [M:App.ViaInterface > M:App.IFoo.M > M:App.Impl.M]",
            "3 calls App.Helper [M:App.ViaInterface > M:App.IFoo.M > M:App.Impl.M > M:App.Helper]",
        ], on);
    }

    [Fact]
    public async Task CalleesAsync_DispatchThroughOverride_IncludesOverride()
    {
        var id = await BuildAsync();

        var page = await _query.CalleesAsync(id["ViaBase"], new QueryOptions(Depth: 5, Dispatch: true));

        Assert.Equal(["1 calls App.Base.N", "2 overrides App.Derived.N"], page.Results.Select(r => $"{r.Depth} {r.Via} {r.Symbol.QualifiedName}"));
    }

    [Fact]
    public async Task PathAsync_Dispatch_PathGoesThroughImplementation()
    {
        var id = await BuildAsync();

        var off = await _query.PathAsync(id["Top"], id["Helper"], new QueryOptions(Depth: 10));
        var on = await _query.PathAsync(id["Top"], id["Helper"], new QueryOptions(Depth: 10, Dispatch: true));

        Assert.Empty(off.Results);
        Assert.Equal(["App.Top", "App.ViaInterface", "App.IFoo.M", "App.Impl.M", "App.Helper"], on.Results.Select(r => r.Symbol.QualifiedName));
    }
}
