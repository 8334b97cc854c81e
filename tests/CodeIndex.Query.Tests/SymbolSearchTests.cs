using CodeIndex.Core.Errors;
using CodeIndex.Query.Tests.Support;
using CodeIndex.Testing;

namespace CodeIndex.Query.Tests;

/// <summary>Search ranking (exact, prefix, substring) and literal treatment of LIKE wildcards.</summary>
public sealed class SymbolSearchTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private readonly SymbolSearch _search = new(fixture.DataSource);

    [Fact]
    public async Task FindAsync_Ranking_ExactThenPrefixThenSubstring()
    {
        var g = await TestGraph.CreateAsync(fixture.DataSource);
        await g.AddAsync("Shop.PlaceOrder");
        await g.AddAsync("Shop.OrderService", "class");
        await g.AddAsync("Shop.Order", "class");
        await g.AddAsync("Shop.Unrelated", "class");
        await g.AddAsync("Shop.Orderly", "class");

        var found = await _search.FindAsync("ORDER", g.RepositoryId, 10);

        Assert.Equal(["Shop.Order", "Shop.Orderly", "Shop.OrderService", "Shop.PlaceOrder"], found.Select(s => s.QualifiedName));
    }

    [Fact]
    public async Task FindAsync_QualifiedNamePrefix_RankedAsPrefix()
    {
        var g = await TestGraph.CreateAsync(fixture.DataSource);
        await g.AddAsync("Billing.Invoice", "class");
        await g.AddAsync("Shop.BillingAddress", "class");

        var found = await _search.FindAsync("billing.inv", g.RepositoryId, 10);

        Assert.Equal(["Billing.Invoice"], found.Select(s => s.QualifiedName));
    }

    [Fact]
    public async Task FindAsync_Limit_CutsAfterRanking()
    {
        var g = await TestGraph.CreateAsync(fixture.DataSource);
        await g.AddAsync("A.XFooY");
        await g.AddAsync("A.FooBar");
        await g.AddAsync("A.Foo");

        var found = await _search.FindAsync("foo", g.RepositoryId, 2);

        Assert.Equal(["A.Foo", "A.FooBar"], found.Select(s => s.QualifiedName));
    }

    [Theory]
    [InlineData("get_", new[] { "A.get_Value" })]
    [InlineData("100%", new[] { "A.Rate100%" })]
    [InlineData("a\\b", new[] { "A.a\\b" })]
    [InlineData("%", new[] { "A.Rate100%" })]
    public async Task FindAsync_LikeWildcards_MatchLiterally(string pattern, string[] expected)
    {
        var g = await TestGraph.CreateAsync(fixture.DataSource);
        await g.AddAsync("A.get_Value", name: "get_Value");
        await g.AddAsync("A.getXValue", name: "getXValue");
        await g.AddAsync("A.Rate100%", name: "Rate100%");
        await g.AddAsync("A.Rate1000", name: "Rate1000");
        await g.AddAsync("A.a\\b", name: "a\\b");
        await g.AddAsync("A.ab", name: "ab");

        var found = await _search.FindAsync(pattern, g.RepositoryId, 10);

        Assert.Equal(expected, found.Select(s => s.QualifiedName));
    }

    [Fact]
    public async Task FindAsync_SqlFragment_TreatedAsText()
    {
        var g = await TestGraph.CreateAsync(fixture.DataSource);
        await g.AddAsync("A.Safe");

        var found = await _search.FindAsync("'); DELETE FROM code_symbols; --", g.RepositoryId, 10);

        Assert.Empty(found);
        Assert.Single(await _search.FindAsync("Safe", g.RepositoryId, 10));
    }

    [Fact]
    public async Task FindAsync_EmptyPattern_UserInputError()
    {
        var e = await Assert.ThrowsAsync<UserInputException>(() => _search.FindAsync("  ", null, 10));

        Assert.Equal("invalid_pattern", e.Code);
    }
}
