using CodeIndex.Core.Errors;
using CodeIndex.Query.Tests.Support;
using CodeIndex.Testing;

namespace CodeIndex.Query.Tests;

/// <summary>Symbol key, qualified name and short name resolution, not-found suggestions and ambiguity listing.</summary>
public sealed class SymbolResolverTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private readonly SymbolResolver _resolver = new(fixture.DataSource);

    private async Task<TestGraph> BuildAsync()
    {
        var g = await TestGraph.CreateAsync(fixture.DataSource);
        await g.AddAsync("Shop.Orders.OrderService.PlaceOrder", key: "M:Shop.Orders.OrderService.PlaceOrder(Shop.Cart)", file: "src/Orders/OrderService.cs", line: 12);
        await g.AddAsync("Shop.Orders.OrderService", "class", file: "src/Orders/OrderService.cs", line: 5);
        await g.AddAsync("Shop.Util.Log.Write(int)", key: "M:Shop.Util.Log.Write(System.Int32)", name: "Write", file: "src/Util/Log.cs", line: 7);
        await g.AddAsync("Shop.Util.Log.Write(string)", key: "M:Shop.Util.Log.Write(System.String)", name: "Write", file: "src/Util/Log.cs", line: 9);
        await g.AddAsync("Shop.Model.ToString", key: "M:Shop.Model.ToString", file: "src/Model.cs", line: 30);
        await g.AddAsync("System.Object.ToString", key: "M:System.Object.ToString", external: true);
        await g.AddAsync("Run", key: "M:Run");
        await g.AddAsync("Shop.Jobs.Run", key: "M:Shop.Jobs.Run", file: "src/Jobs.cs", line: 3);
        return g;
    }

    [Fact]
    public async Task ResolveAsync_SymbolKey_ExactMatch()
    {
        var g = await BuildAsync();

        var s = await _resolver.ResolveAsync("M:Shop.Util.Log.Write(System.String)", g.RepositoryId);

        Assert.Equal("Shop.Util.Log.Write(string)", s.QualifiedName);
        Assert.Equal("src/Util/Log.cs", s.FilePath);
        Assert.Equal(9, s.Line);
    }

    [Fact]
    public async Task ResolveAsync_OneKeyInTwoAssemblies_AmbiguousByKey_ExactByHandle()
    {
        var g = await TestGraph.CreateAsync(fixture.DataSource);
        await g.AddAsync("Twin.Util.Twice", key: "M:Twin.Util.Twice(System.Int32)", project: "Alpha", file: "a/Util.cs", line: 3);
        await g.AddAsync("Twin.Util.Twice", key: "M:Twin.Util.Twice(System.Int32)", project: "Beta", file: "b/Util.cs", line: 3);

        var e = await Assert.ThrowsAsync<UserInputException>(() => _resolver.ResolveGroupAsync("M:Twin.Util.Twice(System.Int32)", g.RepositoryId));
        var beta = await _resolver.ResolveAsync("M:Twin.Util.Twice(System.Int32)@Beta", g.RepositoryId);

        Assert.Equal("symbol_ambiguous", e.Code);
        Assert.Equal(["Alpha", "Beta"], ((IEnumerable<SymbolInfo>)e.Details!["candidates"]!).Select(c => c.AssemblyName).Order());
        Assert.Equal("b/Util.cs", beta.FilePath);
        Assert.Equal("M:Twin.Util.Twice(System.Int32)@Beta", beta.Handle);
        Assert.Equal("symbol_not_found", (await Assert.ThrowsAsync<UserInputException>(() => _resolver.ResolveAsync("M:Twin.Util.Twice(System.Int32)@Gamma", g.RepositoryId))).Code);
    }

    [Fact]
    public async Task ResolveAsync_QualifiedNameAnyCase_Matches()
    {
        var g = await BuildAsync();

        var s = await _resolver.ResolveAsync("shop.orders.orderservice", g.RepositoryId);

        Assert.Equal("T:Shop.Orders.OrderService", s.SymbolKey);
        Assert.Equal("class", s.Kind);
    }

    [Fact]
    public async Task ResolveAsync_ShortName_Matches()
    {
        var g = await BuildAsync();

        var s = await _resolver.ResolveAsync("placeorder", g.RepositoryId);

        Assert.Equal("M:Shop.Orders.OrderService.PlaceOrder(Shop.Cart)", s.SymbolKey);
    }

    [Fact]
    public async Task ResolveAsync_QualifiedNameAndShortNameBothMatch_QualifiedNameWins()
    {
        var g = await BuildAsync();

        var s = await _resolver.ResolveAsync("Run", g.RepositoryId);

        Assert.Equal("M:Run", s.SymbolKey);
    }

    [Fact]
    public async Task ResolveAsync_SourceAndExternalMatch_PrefersSource()
    {
        var g = await BuildAsync();

        var s = await _resolver.ResolveAsync("ToString", g.RepositoryId);

        Assert.Equal("M:Shop.Model.ToString", s.SymbolKey);
        Assert.False(s.IsExternal);
    }

    [Fact]
    public async Task ResolveAsync_OnlyExternalMatches_ReturnsExternal()
    {
        var g = await BuildAsync();

        var s = await _resolver.ResolveAsync("System.Object.ToString", g.RepositoryId);

        Assert.True(s.IsExternal);
    }

    [Fact]
    public async Task ResolveAsync_Overloads_AmbiguousListsKeysAndLocations()
    {
        var g = await BuildAsync();

        var e = await Assert.ThrowsAsync<UserInputException>(() => _resolver.ResolveAsync("Write", g.RepositoryId));

        Assert.Equal("symbol_ambiguous", e.Code);
        Assert.Equal(2, e.ExitCode);
        Assert.StartsWith("'Write' matches 2 symbols:", e.Message, StringComparison.Ordinal);
        Assert.Contains("M:Shop.Util.Log.Write(System.Int32)  src/Util/Log.cs:7", e.Message, StringComparison.Ordinal);
        Assert.Contains("M:Shop.Util.Log.Write(System.String)  src/Util/Log.cs:9", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("Pass a qualified name, a symbol key or a handle (key@assembly).", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_Misspelled_NotFoundWithNearestNames()
    {
        var g = await BuildAsync();

        var e = await Assert.ThrowsAsync<UserInputException>(() => _resolver.ResolveAsync("PlaceOrdr", g.RepositoryId));

        Assert.Equal("symbol_not_found", e.Code);
        Assert.StartsWith("No symbol matches 'PlaceOrdr'. Nearest names: Shop.Orders.OrderService.PlaceOrder", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_OtherRepository_NotVisibleWhenScoped()
    {
        var g = await BuildAsync();
        var other = await TestGraph.CreateAsync(fixture.DataSource, "other");
        await other.AddAsync("Elsewhere.Unique");

        var e = await Assert.ThrowsAsync<UserInputException>(() => _resolver.ResolveAsync("Elsewhere.Unique", g.RepositoryId));
        var found = await _resolver.ResolveAsync("Elsewhere.Unique", other.RepositoryId);

        Assert.Equal("symbol_not_found", e.Code);
        Assert.Equal(other.RepositoryId, found.RepositoryId);
    }

    [Theory]
    [InlineData("'; DROP TABLE code_symbols; --")]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("Write' OR '1'='1")]
    [InlineData("\\")]
    public async Task ResolveAsync_HostileInput_NotFoundAndNothingHarmed(string argument)
    {
        var g = await BuildAsync();

        var e = await Assert.ThrowsAsync<UserInputException>(() => _resolver.ResolveAsync(argument, g.RepositoryId));

        Assert.Equal("symbol_not_found", e.Code);
        Assert.Equal("M:Run", (await _resolver.ResolveAsync("M:Run", g.RepositoryId)).SymbolKey);
    }
}
