using CodeIndex.Core.Errors;
using CodeIndex.Query.Tests.Support;
using CodeIndex.Testing;

namespace CodeIndex.Query.Tests;

/// <summary>Callers, callees and path over a small call graph with cycles (one through the start symbol).</summary>
public sealed class CallGraphTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private readonly RelationshipQuery _query = new(fixture.DataSource);

    // A → T, B → T, C → A, A → C (cycle), E → B, E → C, D → C, T → D (cycle through T), X → Y (unrelated).
    private async Task<(TestGraph G, Dictionary<string, long> Id)> BuildAsync()
    {
        var g = await TestGraph.CreateAsync(fixture.DataSource);
        var id = new Dictionary<string, long>();
        foreach (var n in new[] { "T", "A", "B", "C", "D", "E", "X", "Y" })
        {
            id[n] = await g.AddAsync($"App.{n}");
        }

        await g.CallsAsync(
            (id["A"], id["T"]), (id["B"], id["T"]), (id["C"], id["A"]), (id["A"], id["C"]), (id["E"], id["B"]),
            (id["E"], id["C"]), (id["D"], id["C"]), (id["T"], id["D"]), (id["X"], id["Y"]));
        return (g, id);
    }

    [Fact]
    public async Task CallersAsync_GraphWithCycles_EachCallerOnceAtMinimalDepthWithShortestPath()
    {
        var (g, id) = await BuildAsync();

        var page = await _query.CallersAsync(id["T"], new QueryOptions(Depth: 10));

        PageAssert.Equal(
        [
            "1 calls App.A [M:App.T > M:App.A]",
            "1 calls App.B [M:App.T > M:App.B]",
            "2 calls App.C [M:App.T > M:App.A > M:App.C]",
            "2 calls App.E [M:App.T > M:App.B > M:App.E]",
            "3 calls App.D [M:App.T > M:App.A > M:App.C > M:App.D]",
            "4 calls App.T [M:App.T > M:App.A > M:App.C > M:App.D > M:App.T]", // T is on a cycle: it reaches itself once
        ], page);
        Assert.False(page.Truncated);
        Assert.Equal(10, page.DepthUsed);
        Assert.All(page.Results, r => Assert.Equal(g.RepositoryId, r.Symbol.RepositoryId));
    }

    [Fact]
    public async Task CallersAsync_DepthBound_StopsAtDepth()
    {
        var (_, id) = await BuildAsync();

        var page = await _query.CallersAsync(id["T"], new QueryOptions(Depth: 2));

        Assert.Equal(["App.A", "App.B", "App.C", "App.E"], page.Results.Select(r => r.Symbol.QualifiedName));
        Assert.False(page.Truncated);
    }

    [Theory]
    [InlineData(1, new[] { "App.A" }, true)]
    [InlineData(3, new[] { "App.A", "App.B", "App.C" }, true)]
    [InlineData(4, new[] { "App.A", "App.B", "App.C", "App.E" }, true)]
    [InlineData(5, new[] { "App.A", "App.B", "App.C", "App.E", "App.D" }, true)]
    [InlineData(6, new[] { "App.A", "App.B", "App.C", "App.E", "App.D", "App.T" }, false)]
    public async Task CallersAsync_Limit_AppliedAfterOrderingAndReportsTruncation(int limit, string[] expected, bool truncated)
    {
        var (_, id) = await BuildAsync();

        var page = await _query.CallersAsync(id["T"], new QueryOptions(Depth: 10, Limit: limit));

        Assert.Equal(expected, page.Results.Select(r => r.Symbol.QualifiedName));
        Assert.Equal(truncated, page.Truncated);
    }

    /// <summary>Zed, Mid and Alpha call Target, Deeper calls Alpha; inserted in that order, so ids run against name order. Returns Target.</summary>
    private async Task<long> BuildCutGraphAsync()
    {
        var g = await TestGraph.CreateAsync(fixture.DataSource);
        var target = await g.AddAsync("Cut.Target");
        var zed = await g.AddAsync("Cut.Zed");
        var mid = await g.AddAsync("Cut.Mid");
        var alpha = await g.AddAsync("Cut.Alpha");
        var deeper = await g.AddAsync("Cut.Deeper");
        await g.CallsAsync((zed, target), (mid, target), (alpha, target), (deeper, alpha));
        return target;
    }

    [Fact]
    public async Task CallersAsync_LimitCutsALevel_KeepsItsFirstIndexedSymbolsListedByName()
    {
        // Ids follow insertion order, which here is the reverse of name order: the cut keeps the lowest ids, not the first names.
        var target = await BuildCutGraphAsync();

        var two = await _query.CallersAsync(target, new QueryOptions(Depth: 5, Limit: 2));
        var four = await _query.CallersAsync(target, new QueryOptions(Depth: 5, Limit: 4));

        Assert.Equal(["Cut.Mid", "Cut.Zed"], two.Results.Select(r => r.Symbol.QualifiedName));
        Assert.True(two.Truncated);
        Assert.Equal(["Cut.Alpha", "Cut.Mid", "Cut.Zed", "Cut.Deeper"], four.Results.Select(r => r.Symbol.QualifiedName));
        Assert.False(four.Truncated);
    }

    [Fact]
    public async Task CallersAsync_WithOffset_PagesOnTheNameOrder_ConsecutivePagesAreTheWholeList()
    {
        // Ids in reverse name order, so a name-ordered page differs from the id cut.
        var target = await BuildCutGraphAsync();

        var first = await _query.CallersAsync(target, new QueryOptions(Depth: 5, Limit: 2, Offset: 0));
        var second = await _query.CallersAsync(target, new QueryOptions(Depth: 5, Limit: 2, Offset: 2));
        var past = await _query.CallersAsync(target, new QueryOptions(Depth: 5, Limit: 2, Offset: 4));

        Assert.Equal(["Cut.Alpha", "Cut.Mid"], first.Results.Select(r => r.Symbol.QualifiedName));
        Assert.True(first.Truncated);
        Assert.Equal(["Cut.Zed", "Cut.Deeper"], second.Results.Select(r => r.Symbol.QualifiedName));
        Assert.False(second.Truncated);
        Assert.Empty(past.Results);
        Assert.Equal(["M:Cut.Target@App", "M:Cut.Alpha@App", "M:Cut.Deeper@App"], second.Results[1].PathHandles);
        Assert.Equal(second.Results[1].Path, second.Results[1].PathHandles!.Select(h => h[..h.LastIndexOf('@')]));
    }

    [Fact]
    public async Task CallersAsync_NoCallers_EmptyPage()
    {
        var (_, id) = await BuildAsync();

        var page = await _query.CallersAsync(id["X"], new QueryOptions());

        Assert.Empty(page.Results);
        Assert.False(page.Truncated);
    }

    [Fact]
    public async Task CalleesAsync_ChainWithCycle_TargetsAtMinimalDepth()
    {
        var (_, id) = await BuildAsync();

        var page = await _query.CalleesAsync(id["D"], new QueryOptions(Depth: 5));

        PageAssert.Equal(
        [
            "1 calls App.C [M:App.D > M:App.C]",
            "2 calls App.A [M:App.D > M:App.C > M:App.A]",
            "3 calls App.T [M:App.D > M:App.C > M:App.A > M:App.T]",
            "4 calls App.D [M:App.D > M:App.C > M:App.A > M:App.T > M:App.D]",
        ], page);
    }

    [Fact]
    public async Task PathAsync_TwoRoutes_ReturnsShortest()
    {
        var (_, id) = await BuildAsync();

        // E → C → A → T (3 hops) and E → B → T (2 hops).
        var page = await _query.PathAsync(id["E"], id["T"], new QueryOptions(Depth: 5));

        PageAssert.Equal(
        [
            "0  App.E [M:App.E]",
            "1 calls App.B [M:App.E > M:App.B]",
            "2 calls App.T [M:App.E > M:App.B > M:App.T]",
        ], page);
    }

    [Fact]
    public async Task PathAsync_ThroughCycle_FindsPathBackToStart()
    {
        var (_, id) = await BuildAsync();

        var page = await _query.PathAsync(id["T"], id["A"], new QueryOptions(Depth: 5));

        Assert.Equal(["App.T", "App.D", "App.C", "App.A"], page.Results.Select(r => r.Symbol.QualifiedName));
    }

    [Theory]
    [InlineData("X", "T", 10)] // unrelated component
    [InlineData("T", "E", 10)] // E calls into T's component but T never reaches E
    [InlineData("E", "T", 1)]  // reachable in 2 hops, not in 1
    public async Task PathAsync_NoPathWithinDepth_Empty(string from, string to, int depth)
    {
        var (_, id) = await BuildAsync();

        var page = await _query.PathAsync(id[from], id[to], new QueryOptions(Depth: depth));

        Assert.Empty(page.Results);
    }

    [Fact]
    public async Task PathAsync_SameSymbol_SingleElement()
    {
        var (_, id) = await BuildAsync();

        var page = await _query.PathAsync(id["A"], id["A"], new QueryOptions());

        Assert.Equal(["0  App.A [M:App.A]"], page.Results.Select(PageAssert.Render));
    }

    [Fact]
    public async Task CallersAsync_UnknownId_SymbolNotFound()
    {
        var e = await Assert.ThrowsAsync<UserInputException>(() => _query.CallersAsync(long.MaxValue, new QueryOptions()));

        Assert.Equal("symbol_not_found", e.Code);
    }
}
