using CodeIndex.Core.Errors;
using CodeIndex.Query.Tests.Support;
using CodeIndex.Testing;

namespace CodeIndex.Query.Tests;

/// <summary>Recursive starts, overload groups and <c>references</c> over small hand-built graphs.</summary>
public sealed class RecursionOverloadReferenceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private readonly RelationshipQuery _query = new(fixture.DataSource);

    [Fact]
    public async Task CallersAndCallees_RecursiveStart_ListedOnceAtDepthOne()
    {
        var g = await TestGraph.CreateAsync(fixture.DataSource);
        var fact = await g.AddAsync("Rec.Factorial");
        var main = await g.AddAsync("Rec.Main");
        await g.CallsAsync((fact, fact), (main, fact));

        PageAssert.Equal(["1 calls Rec.Factorial [M:Rec.Factorial > M:Rec.Factorial]", "1 calls Rec.Main [M:Rec.Factorial > M:Rec.Main]"],
            await _query.CallersAsync(fact, new QueryOptions(Depth: 5)));
        PageAssert.Equal(["1 calls Rec.Factorial [M:Rec.Factorial > M:Rec.Factorial]"], await _query.CalleesAsync(fact, new QueryOptions(Depth: 5)));
        PageAssert.Equal(["1 calls Rec.Factorial [M:Rec.Main > M:Rec.Factorial]"], await _query.CalleesAsync(main, new QueryOptions(Depth: 5)));
    }

    [Fact]
    public async Task Callers_MutuallyRecursivePair_StartAtItsCycleLengthAndTheWalkEnds()
    {
        var g = await TestGraph.CreateAsync(fixture.DataSource);
        var even = await g.AddAsync("Rec.IsEven");
        var odd = await g.AddAsync("Rec.IsOdd");
        await g.CallsAsync((even, odd), (odd, even));

        PageAssert.Equal(["1 calls Rec.IsOdd [M:Rec.IsEven > M:Rec.IsOdd]", "2 calls Rec.IsEven [M:Rec.IsEven > M:Rec.IsOdd > M:Rec.IsEven]"],
            await _query.CallersAsync(even, new QueryOptions(Depth: 50)));
    }

    [Fact]
    public async Task OverloadGroup_ResolvesToAllOverloadsAndEachResultSaysWhichItReaches()
    {
        var g = await TestGraph.CreateAsync(fixture.DataSource, "overloads");
        var parseString = await g.AddAsync("Ovl.Parser.Parse", key: "M:Ovl.Parser.Parse(System.String)");
        var parseSpan = await g.AddAsync("Ovl.Parser.Parse", key: "M:Ovl.Parser.Parse(System.ReadOnlySpan{System.Char})");
        var a = await g.AddAsync("Ovl.A.Run");
        var b = await g.AddAsync("Ovl.B.Run");
        await g.AddAsync("Ovl.Other.Parse"); // another member named Parse: the short name is ambiguous, the qualified name is a group
        await g.CallsAsync((a, parseString), (b, parseSpan), (parseString, parseSpan));
        var resolver = new SymbolResolver(fixture.DataSource);

        var group = await resolver.ResolveGroupAsync("Ovl.Parser.Parse", g.RepositoryId);
        Assert.Equal(["M:Ovl.Parser.Parse(System.ReadOnlySpan{System.Char})", "M:Ovl.Parser.Parse(System.String)"], group.Select(s => s.SymbolKey));
        await Assert.ThrowsAsync<UserInputException>(() => resolver.ResolveAsync("Ovl.Parser.Parse", g.RepositoryId));
        var ambiguous = await Assert.ThrowsAsync<UserInputException>(() => resolver.ResolveGroupAsync("Parse", g.RepositoryId));
        Assert.Equal("symbol_ambiguous", ambiguous.Code);

        var path = await _query.PathAsync([a], [.. group.Select(s => s.Id)], new QueryOptions(Depth: 3));
        Assert.Equal(["M:Ovl.A.Run", "M:Ovl.Parser.Parse(System.String)"], path.Results.Select(r => r.Symbol.SymbolKey)); // the nearest overload

        var page = await _query.CallersAsync([.. group.Select(s => s.Id)], new QueryOptions(Depth: 3));
        PageAssert.Equal(
        [
            "1 calls Ovl.A.Run [M:Ovl.Parser.Parse(System.String) > M:Ovl.A.Run]",
            "1 calls Ovl.B.Run [M:Ovl.Parser.Parse(System.ReadOnlySpan{System.Char}) > M:Ovl.B.Run]",
            "1 calls Ovl.Parser.Parse [M:Ovl.Parser.Parse(System.ReadOnlySpan{System.Char}) > M:Ovl.Parser.Parse(System.String)]",
        ], page);
    }

    [Fact]
    public async Task References_SitesOfTheEdgeSetGroupedByFileFilteredByAccessWithImplementationsApart()
    {
        var g = await TestGraph.CreateAsync(fixture.DataSource, "refs");
        var type = await g.AddAsync("Refs.Counter", kind: "class");
        var ctor = await g.AddAsync("Refs.Counter.Counter", kind: "constructor", key: "M:Refs.Counter.#ctor");
        var field = await g.AddAsync("Refs.Counter.Value", kind: "field", key: "F:Refs.Counter.Value");
        var run = await g.AddAsync("Refs.App.Run");
        var bump = await g.AddAsync("Refs.App.Bump");
        var contract = await g.AddAsync("Refs.ICounter.Bump");
        await g.SiteAsync(await g.EdgeAsync(run, field, "uses"), "b.cs", 7, 3, "write");
        var bumpUses = await g.EdgeAsync(bump, field, "uses");
        await g.SiteAsync(bumpUses, "a.cs", 4, 9, "read_write");
        await g.SiteAsync(bumpUses, "a.cs", 2, 9, "read");
        await g.SiteAsync(await g.EdgeAsync(run, type, "references"), "b.cs", 5, 1, "reference");
        await g.SiteAsync(await g.EdgeAsync(run, ctor, "calls"), "b.cs", 5, 9, "invoke");
        await g.EdgeAsync(bump, contract, "implements");
        var query = new ReferenceQuery(fixture.DataSource);
        var resolver = new SymbolResolver(fixture.DataSource);
        static string Render(ReferenceSite s) => $"{s.FilePath}:{s.Line}:{s.Column} {s.Access} {s.Source.QualifiedName} {s.Relationship}";

        var fieldSymbol = await resolver.ResolveAsync("F:Refs.Counter.Value", g.RepositoryId);
        var all = await query.FindAsync([fieldSymbol], null, 100);
        Assert.Equal(["a.cs:2:9 read Refs.App.Bump uses", "a.cs:4:9 read_write Refs.App.Bump uses", "b.cs:7:3 write Refs.App.Run uses"], all.Sites.Select(Render));
        Assert.False(all.Truncated);
        var writes = await query.FindAsync([fieldSymbol], ["write", "read_write"], 100);
        Assert.Equal(["a.cs:4:9 read_write Refs.App.Bump uses", "b.cs:7:3 write Refs.App.Run uses"], writes.Sites.Select(Render));
        var first = await query.FindAsync([fieldSymbol], null, 2);
        Assert.Equal(2, first.Sites.Count);
        Assert.True(first.Truncated);

        // A type: its references and its constructors' calls.
        var typeRefs = await query.FindAsync([await resolver.ResolveAsync("T:Refs.Counter", g.RepositoryId)], null, 100);
        Assert.Equal(["b.cs:5:1 reference Refs.App.Run references", "b.cs:5:9 invoke Refs.App.Run calls"], typeRefs.Sites.Select(Render));

        // A method: overrides and implementations listed apart from uses; no uses is an empty answer.
        var contractRefs = await query.FindAsync([await resolver.ResolveAsync("Refs.ICounter.Bump", g.RepositoryId)], null, 100);
        Assert.Empty(contractRefs.Sites);
        Assert.Equal(["implements Refs.App.Bump"], contractRefs.Implementations.Select(i => $"{i.Relationship} {i.Member.QualifiedName}"));

        var bad = await Assert.ThrowsAsync<UserInputException>(() => query.FindAsync([fieldSymbol], ["poke"], 100));
        Assert.Equal("invalid_access", bad.Code);
        Assert.Contains("read_write", bad.Message, StringComparison.Ordinal);
    }
}
