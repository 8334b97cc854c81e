using System.Diagnostics;
using System.Globalization;
using CodeIndex.Core.Model;
using CodeIndex.Storage.Repositories;
using CodeIndex.Storage.Writing;
using CodeIndex.Testing;
using Xunit.Abstractions;

namespace CodeIndex.Storage.Tests.Writing;

/// <summary>
/// Times the merge (commit) of an index write session, statement by statement: first index, unchanged re-index, and a
/// re-index with a few changed/removed/added symbols. Prints figures; asserts only correctness, never a time.
/// Sizes: ~5k symbols / 20k edges always; 200k / 500k (shaped like the <c>copy</c> benchmark) when
/// <c>CODEINDEX_PERF_LARGE=1</c>. Run: <c>dotnet test tests/CodeIndex.Storage.Tests --filter Category=Performance --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class MergePerformanceTests(DatabaseFixture fixture, ITestOutputHelper output) : IClassFixture<DatabaseFixture>
{
    private const int SymbolsPerFile = 40;

    [Fact]
    [Trait("Category", "Performance")]
    public Task Merge_5kSymbols20kEdges_PrintsTimings() => RunAsync(5_000, 20_000);

    [Fact]
    [Trait("Category", "Performance")]
    public async Task Merge_200kSymbols500kEdges_PrintsTimings()
    {
        if (Environment.GetEnvironmentVariable("CODEINDEX_PERF_LARGE") != "1")
        {
            output.WriteLine("skipped: set CODEINDEX_PERF_LARGE=1 to run 200k symbols / 500k edges");
            return;
        }

        await RunAsync(200_000, 500_000);
    }

    private async Task RunAsync(int symbolCount, int edgeCount)
    {
        var repo = (await new RepositoryStore(fixture.DataSource).GetOrCreateAsync($"/tmp/repos/merge-perf-{symbolCount}")).Id;
        var symbols = Symbols(symbolCount, 0);
        var edges = Edges(symbols, edgeCount);
        output.WriteLine($"{symbolCount:N0} symbols, {edgeCount:N0} edge occurrences; load {File.ReadAllText("/proc/loadavg").Trim()}");

        var first = await IndexAsync(repo, "first index", symbols, edges);
        var ids = await IdsAsync(repo);
        var again = await IndexAsync(repo, "re-index unchanged", symbols, edges);
        Assert.Equal((0L, 0L, 0L), (again.SymbolsInserted, again.SymbolsUpdated, again.SymbolsDeleted));
        Assert.Equal(first.Relationships, again.Relationships);
        Assert.Equal(first.RelationshipSites, again.RelationshipSites);
        Assert.Equal(ids, await IdsAsync(repo));

        // 1% changed (hash + doc), 1% removed (last ones), 1% added: the diff paths do real work.
        var onePercent = Math.Max(1, symbolCount / 100);
        var changed = symbols.Take(symbolCount - onePercent).Select((s, i) => i % 100 == 7 ? s with { ContentHash = s.ContentHash + "x", Documentation = "changed" } : s)
            .Concat(Symbols(onePercent, symbolCount + 1_000_000)).ToList();
        var changedEdges = Edges(changed, edgeCount);
        var third = await IndexAsync(repo, "re-index 1% changed", changed, changedEdges);
        Assert.Equal((long)onePercent, third.SymbolsInserted);
        Assert.Equal((long)onePercent, third.SymbolsDeleted);
        Assert.Equal((long)changed.Count, third.SymbolsWritten);
        var back = await IndexAsync(repo, "back to first", symbols, edges);
        Assert.Equal(first.Relationships, back.Relationships);
        Assert.Equal(first.RelationshipSites, back.RelationshipSites);
    }

    private async Task<CommitResult> IndexAsync(long repo, string label, List<SymbolRecord> symbols, List<RelationshipRecord> edges)
    {
        var wall = Stopwatch.StartNew();
        await using var session = await new SymbolWriter(fixture.DataSource).BeginAsync(repo);
        var batches = (symbols.Count + SymbolsPerFile - 1) / SymbolsPerFile;
        var edgesPerBatch = (edges.Count + batches - 1) / batches;
        for (var b = 0; b < batches; b++)
        {
            var batchSymbols = symbols.GetRange(b * SymbolsPerFile, Math.Min(SymbolsPerFile, symbols.Count - (b * SymbolsPerFile)));
            var start = Math.Min(edges.Count, b * edgesPerBatch);
            await session.WriteAsync(new ExtractionBatch(batchSymbols[0].FilePath, batchSymbols, edges.GetRange(start, Math.Min(edgesPerBatch, edges.Count - start))));
        }

        var result = await session.CommitAsync();
        output.WriteLine($"== {label}: COPY {result.CopyTime.TotalSeconds:F2} s, MERGE {result.MergeTime.TotalSeconds:F2} s, wall {wall.Elapsed.TotalSeconds:F2} s — "
            + $"{result.SymbolsWritten} symbols (+{result.SymbolsInserted} ~{result.SymbolsUpdated} -{result.SymbolsDeleted}), {result.Relationships} relationships, {result.RelationshipSites} sites, {result.DroppedEdges} dropped");
        foreach (var (step, time) in session.StepTimes.Where(t => t.Time.TotalMilliseconds >= 1))
        {
            output.WriteLine($"   {time.TotalMilliseconds,9:F0} ms  {step}");
        }

        return result;
    }

    private async Task<List<string>> IdsAsync(long repo) =>
        await Db.RowsAsync(fixture.DataSource, "SELECT id, symbol_key FROM code_symbols WHERE repository_id = $1 ORDER BY id", repo);

    /// <summary>Same shape as the benchmark's synthetic records (keys, signatures, doc comments, one location each).</summary>
    private static List<SymbolRecord> Symbols(int count, int offset)
    {
        var inv = CultureInfo.InvariantCulture;
        var result = new List<SymbolRecord>(count);
        for (var n = 0; n < count; n++)
        {
            var i = n + offset;
            var file = string.Create(inv, $"src/Gen.P{i % 8}/Area{i / 4000:D2}/File{i / SymbolsPerFile:D5}.cs");
            var type = string.Create(inv, $"Gen.P{i % 8}.Area{i / 4000:D2}.Type{i / SymbolsPerFile:D5}");
            var isType = i % SymbolsPerFile == 0;
            var name = isType ? string.Create(inv, $"Type{i / SymbolsPerFile:D5}") : string.Create(inv, $"Method{i:D6}");
            var line = 3 + (i % SymbolsPerFile * 12);
            result.Add(new SymbolRecord(
                isType ? $"T:{type}" : $"M:{type}.{name}(System.Int32,System.String)", name, isType ? type : $"{type}.{name}",
                isType ? SymbolKinds.Class : SymbolKinds.Method, string.Create(inv, $"Gen.P{i % 8}"), file, line, 5, line + 10, 6,
                isType ? $"public class {name}" : $"public int {name}(int count, string label)",
                i % 3 == 0 ? $"Computes the {name} value for the given count and label." : null, "public",
                i % 5 == 0 ? SymbolModifiers.Virtual : SymbolModifiers.None, "csharp", false, string.Create(inv, $"Gen.P{i % 8}"), "1.0.0.0",
                i.ToString("x16", inv), [new SourceSpan(file, line, 5, line + 10, 6)]));
        }

        return result;
    }

    private static List<RelationshipRecord> Edges(IReadOnlyList<SymbolRecord> symbols, int count)
    {
        var random = new Random(42);
        var result = new List<RelationshipRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var source = symbols[random.Next(symbols.Count)];
            var target = symbols[random.Next(symbols.Count)];
            var type = i % 10 == 0 ? RelationshipTypes.References : RelationshipTypes.Calls;
            result.Add(new RelationshipRecord(source.Ref, target.Ref, type, new SiteLocation(source.FilePath!, (source.Line ?? 1) + 1 + (i % 9), 13)));
        }

        return result;
    }
}
