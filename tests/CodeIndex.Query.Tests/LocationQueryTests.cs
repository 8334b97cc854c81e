using CodeIndex.Query.Tests.Support;
using CodeIndex.Testing;

namespace CodeIndex.Query.Tests;

/// <summary><c>at file:line</c>: declarations containing the line (innermost first), then symbols referenced on it.</summary>
public sealed class LocationQueryTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private readonly LocationQuery _at = new(fixture.DataSource);

    // src/Foo.cs: class Foo 1–20 { Bar 5–10 { line 7 calls Qux.Run, references Config }, Baz 12–15 }; Foo is also declared in src/Foo.Part.cs 1–5.
    private async Task<TestGraph> BuildAsync()
    {
        var g = await TestGraph.CreateAsync(fixture.DataSource);
        var foo = await g.AddAsync("App.Foo", "class", file: "src/Foo.cs", line: 1, endLine: 20);
        var bar = await g.AddAsync("App.Foo.Bar", file: "src/Foo.cs", line: 5, endLine: 10);
        await g.AddAsync("App.Foo.Baz", file: "src/Foo.cs", line: 12, endLine: 15);
        var qux = await g.AddAsync("App.Qux.Run", file: "src/Qux.cs", line: 3, endLine: 9);
        var config = await g.AddAsync("App.Config", "class", file: "src/Config.cs", line: 1, endLine: 4);
        await g.LocationAsync(foo, "src/Foo.cs", 1, 20);
        await g.LocationAsync(foo, "src/Foo.Part.cs", 1, 5);
        await g.LocationAsync(bar, "src/Foo.cs", 5, 10);
        await g.SiteAsync(await g.EdgeAsync(bar, qux), "src/Foo.cs", 7, 20);
        await g.SiteAsync(await g.EdgeAsync(bar, config, "references"), "src/Foo.cs", 7, 9);
        await g.SiteAsync(await g.EdgeAsync(foo, bar, "contains"), "src/Foo.cs", 7, 1);
        return g;
    }

    [Fact]
    public async Task AtAsync_LineInsideMethodWithCalls_DeclaredInnermostFirstThenReferencedByColumn()
    {
        var g = await BuildAsync();

        var found = await _at.AtAsync(g.RepositoryId, "src/Foo.cs", 7);

        Assert.Equal(["App.Foo.Bar", "App.Foo", "App.Config", "App.Qux.Run"], found.Select(s => s.QualifiedName));
    }

    [Fact]
    public async Task AtAsync_LineBetweenMembers_OnlyEnclosingType()
    {
        var g = await BuildAsync();

        var found = await _at.AtAsync(g.RepositoryId, "src/Foo.cs", 11);

        Assert.Equal(["App.Foo"], found.Select(s => s.QualifiedName));
    }

    [Theory]
    [InlineData("src/Foo.Part.cs", 3, "App.Foo")]
    [InlineData("./src\\Foo.cs", 13, "App.Foo.Baz,App.Foo")]
    [InlineData("src/Foo.cs", 21, "")]
    [InlineData("src/Foo.cs' OR ''='", 7, "")]
    public async Task AtAsync_FileAndLine_Expected(string file, int line, string expected)
    {
        var g = await BuildAsync();

        var found = await _at.AtAsync(g.RepositoryId, file, line);

        Assert.Equal(expected, string.Join(",", found.Select(s => s.QualifiedName)));
    }

    [Fact]
    public async Task AtAsync_OtherRepositorySameFile_NotIncluded()
    {
        await BuildAsync();
        var other = await TestGraph.CreateAsync(fixture.DataSource, "other");

        var found = await _at.AtAsync(other.RepositoryId, "src/Foo.cs", 7);

        Assert.Empty(found);
    }
}
