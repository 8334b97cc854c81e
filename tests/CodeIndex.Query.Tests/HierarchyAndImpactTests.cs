using CodeIndex.Core.Errors;
using CodeIndex.Query.Tests.Support;
using CodeIndex.Testing;

namespace CodeIndex.Query.Tests;

/// <summary>Type hierarchy up/down/both and impact (every edge kind except contains).</summary>
public sealed class HierarchyAndImpactTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private readonly RelationshipQuery _query = new(fixture.DataSource);

    // Shape implements IShape; Circle extends Shape and implements IRound; Square extends Shape.
    // Circle contains Circle.Area, which overrides Shape.Area (member edges must not leak into the type hierarchy).
    private async Task<Dictionary<string, long>> BuildHierarchyAsync()
    {
        var g = await TestGraph.CreateAsync(fixture.DataSource);
        var id = new Dictionary<string, long>
        {
            ["IShape"] = await g.AddAsync("Geo.IShape", "interface"),
            ["IRound"] = await g.AddAsync("Geo.IRound", "interface"),
            ["Shape"] = await g.AddAsync("Geo.Shape", "class"),
            ["Circle"] = await g.AddAsync("Geo.Circle", "class"),
            ["Square"] = await g.AddAsync("Geo.Square", "class"),
            ["Shape.Area"] = await g.AddAsync("Geo.Shape.Area"),
            ["Circle.Area"] = await g.AddAsync("Geo.Circle.Area"),
        };
        await g.EdgeAsync(id["Shape"], id["IShape"], "implements");
        await g.EdgeAsync(id["Circle"], id["Shape"], "extends");
        await g.EdgeAsync(id["Circle"], id["IRound"], "implements");
        await g.EdgeAsync(id["Square"], id["Shape"], "extends");
        await g.EdgeAsync(id["Circle"], id["Circle.Area"], "contains");
        await g.EdgeAsync(id["Circle.Area"], id["Shape.Area"], "overrides");
        await g.EdgeAsync(id["Circle.Area"], id["Shape"], "references");
        return id;
    }

    [Fact]
    public async Task HierarchyAsync_Up_BasesAndInterfacesTransitively()
    {
        var id = await BuildHierarchyAsync();

        var page = await _query.HierarchyAsync(id["Circle"], HierarchyDirection.Up, new QueryOptions());

        Assert.Equal(
            ["1 implements Geo.IRound", "1 extends Geo.Shape", "2 implements Geo.IShape"],
            page.Results.Select(r => $"{r.Depth} {r.Via} {r.Symbol.QualifiedName}"));
        Assert.Equal(["T:Geo.Circle", "T:Geo.Shape", "T:Geo.IShape"], page.Results[2].Path);
    }

    [Fact]
    public async Task HierarchyAsync_Down_DerivedTypesAndImplementorsOnly()
    {
        var id = await BuildHierarchyAsync();

        var page = await _query.HierarchyAsync(id["IShape"], HierarchyDirection.Down, new QueryOptions());

        Assert.Equal(
            ["1 implements Geo.Shape", "2 extends Geo.Circle", "2 extends Geo.Square"],
            page.Results.Select(r => $"{r.Depth} {r.Via} {r.Symbol.QualifiedName}"));
    }

    [Fact]
    public async Task HierarchyAsync_Both_UnionWithoutSiblings()
    {
        var id = await BuildHierarchyAsync();

        var page = await _query.HierarchyAsync(id["Shape"], HierarchyDirection.Both, new QueryOptions());

        Assert.Equal(["Geo.Circle", "Geo.IShape", "Geo.Square"], page.Results.Select(r => r.Symbol.QualifiedName));
        Assert.DoesNotContain(page.Results, r => r.Symbol.QualifiedName == "Geo.IRound");
    }

    [Fact]
    public async Task HierarchyAsync_BothWithLimit_TruncatesMergedPage()
    {
        var id = await BuildHierarchyAsync();

        var page = await _query.HierarchyAsync(id["Shape"], HierarchyDirection.Both, new QueryOptions(Limit: 2));

        Assert.Equal(["Geo.Circle", "Geo.IShape"], page.Results.Select(r => r.Symbol.QualifiedName));
        Assert.True(page.Truncated);
    }

    [Fact]
    public async Task HierarchyAsync_Member_NotAType()
    {
        var id = await BuildHierarchyAsync();

        var e = await Assert.ThrowsAsync<UserInputException>(() => _query.HierarchyAsync(id["Circle.Area"], HierarchyDirection.Up, new QueryOptions()));

        Assert.Equal("not_a_type", e.Code);
        Assert.Equal(2, e.ExitCode);
    }

    [Fact]
    public async Task ImpactAsync_AllEdgeKindsExceptContains_CarriesProjectAndFile()
    {
        var g = await TestGraph.CreateAsync(fixture.DataSource);
        var parse = await g.AddAsync("Core.Util.Parse", project: "Core", file: "src/Core/Util.cs", line: 10);
        var util = await g.AddAsync("Core.Util", "class", project: "Core", file: "src/Core/Util.cs", line: 3);
        var run = await g.AddAsync("App.Service.Run", project: "App", file: "src/App/Service.cs", line: 20);
        var field = await g.AddAsync("App.Service.Parser", "field", project: "App", file: "src/App/Service.cs", line: 8);
        var handler = await g.AddAsync("Web.Handler", "class", project: "Web", file: "src/Web/Handler.cs", line: 5);
        var derived = await g.AddAsync("Web.SpecialHandler", "class", project: "Web", file: "src/Web/Special.cs", line: 2);
        var unrelated = await g.AddAsync("Web.Other", project: "Web", file: "src/Web/Other.cs", line: 1);
        await g.EdgeAsync(util, parse, "contains");
        await g.EdgeAsync(run, parse, "calls");
        await g.EdgeAsync(field, parse, "references");
        await g.EdgeAsync(handler, run, "references");
        await g.EdgeAsync(derived, handler, "extends");
        await g.EdgeAsync(parse, unrelated, "calls");

        var page = await _query.ImpactAsync(parse, new QueryOptions(Depth: 5));

        Assert.Equal(
            [
                "1 references App.Service.Parser App src/App/Service.cs:8",
                "1 calls App.Service.Run App src/App/Service.cs:20",
                "2 references Web.Handler Web src/Web/Handler.cs:5",
                "3 extends Web.SpecialHandler Web src/Web/Special.cs:2",
            ],
            page.Results.Select(r => $"{r.Depth} {r.Via} {r.Symbol.QualifiedName} {r.Symbol.Project} {r.Symbol.FilePath}:{r.Symbol.Line}"));
    }
}
