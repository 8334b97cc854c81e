using CodeIndex.Testing;
using System.Diagnostics;
using CodeIndex.Query.Tests.Support;
using Xunit.Abstractions;

namespace CodeIndex.Query.Tests;

/// <summary>The SQL walk against an in-memory BFS on a generated code-shaped graph, from hubs and typical methods; prints timings (no timed assertion).</summary>
public sealed class GeneratedGraphTests(GeneratedGraphFixture fixture, ITestOutputHelper output) : IClassFixture<GeneratedGraphFixture>
{
    private const int TimedRuns = 15;
    private readonly RelationshipQuery _query = new(fixture.DataSource);

    [Theory]
    [InlineData("callers", "hub", 5, 100)]
    [InlineData("callers", "typical", 5, 100)]
    [InlineData("callers", "typical", 5, 100_000)]
    [InlineData("callers", "hub", 2, 100_000)]
    [InlineData("callers-dispatch", "typical", 5, 100)]
    [InlineData("callees", "hub-caller", 5, 100)]
    [InlineData("callees", "typical", 5, 100)]
    [InlineData("callees-dispatch", "typical", 4, 1000)]
    [InlineData("impact", "typical", 5, 100)]
    [InlineData("impact", "type", 3, 1000)]
    public async Task Query_GeneratedGraph_MatchesReferenceBfs(string kind, string from, int depth, int limit)
    {
        var graph = fixture.Graph;
        var start = Start(from);
        var options = new QueryOptions(depth, limit, Dispatch: kind.EndsWith("-dispatch", StringComparison.Ordinal));
        var (spec, run) = kind switch
        {
            "callers" or "callers-dispatch" => (WalkSpec.Callers(options.Dispatch), (Func<Task<QueryPage>>)(() => _query.CallersAsync(fixture.Id(start), options))),
            "callees" or "callees-dispatch" => (WalkSpec.Callees(options.Dispatch), () => _query.CalleesAsync(fixture.Id(start), options)),
            _ => (WalkSpec.Impact, () => _query.ImpactAsync(fixture.Id(start), options)),
        };

        var page = await run();

        var reference = new ReferenceWalk(graph, spec);
        var depths = reference.Depths(start, depth);
        // The page keeps the first `limit` nodes by (depth, id) — ids grow with the graph index — and lists them by (depth, name).
        var expected = depths.OrderBy(p => p.Value).ThenBy(p => fixture.Id(p.Key)).Take(limit)
            .OrderBy(p => p.Value).ThenBy(p => graph.Names[p.Key], StringComparer.Ordinal).ThenBy(p => p.Key)
            .Select(p => $"{p.Value} {graph.Names[p.Key]}").ToList();
        Assert.Equal(expected, page.Results.Select(r => $"{r.Depth} {r.Symbol.QualifiedName}").ToList());
        Assert.Equal(depths.Count > limit, page.Truncated);
        foreach (var result in page.Results)
        {
            var path = result.Path.Select(KeyToIndex).ToList();
            Assert.Equal(result.Depth + 1, path.Count);
            Assert.Equal(start, path[0]);
            Assert.Equal(fixture.Index(result.Symbol.Id), path[^1]);
            Assert.True(reference.HasStep(path[^2], path[^1], result.Via), $"{result.Via} step {result.Path[^2]} → {result.Path[^1]}");
            for (var i = 1; i < path.Count; i++)
            {
                Assert.Equal(i, depths[path[i]]);
                Assert.True(reference.HasStep(path[i - 1], path[i], null) || AnyStep(reference, path[i - 1], path[i]), $"no step {result.Path[i - 1]} → {result.Path[i]}");
            }
        }

        var times = new List<double>();
        for (var i = 0; i < TimedRuns; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        output.WriteLine(
            $"{kind} from {from} ({graph.Names[start]}) depth {depth} limit {limit}: reachable {depths.Count}, returned {page.Results.Count}, " +
            $"median {times[TimedRuns / 2]:F1} ms, max {times[^1]:F1} ms; graph {graph.Names.Length} symbols / {graph.Edges.Count} edges, loaded in {fixture.LoadTime.TotalSeconds:F1} s");
    }

    private static bool AnyStep(ReferenceWalk reference, int from, int to) =>
        new[] { "calls", "references", "extends", "implements", "overrides", "imports" }.Any(t => reference.HasStep(from, to, t));

    private int KeyToIndex(string key)
    {
        return fixture.Graph.IndexOf(key[2..]);
    }

    private int Start(string from)
    {
        var graph = fixture.Graph;
        var firstMethod = graph.TypeCount;
        return from switch
        {
            "hub" => firstMethod,
            "typical" => firstMethod + ((graph.Names.Length - firstMethod) / 2),
            "hub-caller" => graph.Edges.First(e => e.Type == "calls" && e.Target == firstMethod).Source,
            "type" => graph.TypeCount / 2,
            _ => throw new ArgumentOutOfRangeException(nameof(from), from, "Expected hub, typical, hub-caller or type."),
        };
    }
}
