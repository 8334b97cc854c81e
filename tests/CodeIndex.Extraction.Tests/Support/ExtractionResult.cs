using CodeIndex.Core.Model;

namespace CodeIndex.Extraction.Tests.Support;

/// <summary>Runs the extractor and gives tests lookups over the emitted batches.</summary>
internal sealed class ExtractionResult
{
    private ExtractionResult(IReadOnlyList<ExtractionBatch> batches, ExtractionStats stats)
    {
        Batches = batches;
        Stats = stats;
        Symbols = [.. batches.SelectMany(b => b.Symbols)];
        Relationships = [.. batches.SelectMany(b => b.Relationships)];
    }

    public IReadOnlyList<ExtractionBatch> Batches { get; }

    public ExtractionStats Stats { get; }

    public IReadOnlyList<SymbolRecord> Symbols { get; }

    public IReadOnlyList<RelationshipRecord> Relationships { get; }

    public static async Task<ExtractionResult> RunAsync(IReadOnlyList<ExtractionTarget> targets, CancellationToken cancellationToken = default)
    {
        var extractor = new SymbolExtractor(SampleWorkspace.SourcesRoot);
        var batches = new List<ExtractionBatch>();
        await foreach (var batch in extractor.ExtractAsync(targets, cancellationToken))
        {
            batches.Add(batch);
        }

        return new ExtractionResult(batches, extractor.Stats);
    }

    public static Task<ExtractionResult> SamplesAsync() => RunAsync(SampleWorkspace.SampleTargets());

    /// <summary>The one symbol with this documentation comment ID (fails if missing or duplicated).</summary>
    public SymbolRecord Symbol(string key) => Assert.Single(Symbols, s => s.SymbolKey == key);

    public bool HasSymbol(string key) => Symbols.Any(s => s.SymbolKey == key);

    /// <summary>Occurrences of (source → target, type), matched by documentation comment IDs.</summary>
    public IReadOnlyList<RelationshipRecord> Edges(string source, string target, string type) =>
        [.. Relationships.Where(r => r.Source.SymbolKey == source && r.Target.SymbolKey == target && r.Type == type)];

    public RelationshipRecord Edge(string source, string target, string type) =>
        Edges(source, target, type) is { Count: > 0 } edges
            ? edges[0]
            : throw new Xunit.Sdk.XunitException($"Missing {type} edge {source} -> {target}. Edges from source: {string.Join(", ", Relationships.Where(r => r.Source.SymbolKey == source).Select(r => $"{r.Type} {r.Target.SymbolKey}"))}");

    public void NoEdge(string source, string target, string type) => Assert.Empty(Edges(source, target, type));

    /// <summary>The sites of (source → target, type) as "line:column access[ implicit]" in source order.</summary>
    public IReadOnlyList<string> Sites(string source, string target, string type) =>
        [.. Edges(source, target, type)
            .OrderBy(r => r.Site?.Line).ThenBy(r => r.Site?.Column)
            .Select(r => $"{r.Site?.Line}:{r.Site?.Column} {r.Access}{(r.IsImplicit ? " implicit" : "")}{(r.IsCandidate ? " candidate" : "")}")];
}
