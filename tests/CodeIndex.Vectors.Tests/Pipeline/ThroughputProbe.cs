using System.Diagnostics;
using CodeIndex.Core.Model;
using CodeIndex.Testing;
using CodeIndex.Vectors.Pipeline;
using CodeIndex.Vectors.Tests.Support;
using Xunit.Abstractions;

namespace CodeIndex.Vectors.Tests.Pipeline;

/// <summary>Prints pipeline texts/s (embed + database writes) against the raw embedder on the same texts (a probe, not a timed assertion).</summary>
public sealed class ThroughputProbe(DatabaseFixture fixture, UseLiteFixture model, ITestOutputHelper output) : IClassFixture<DatabaseFixture>, IClassFixture<UseLiteFixture>
{
    private const int SymbolCount = 640;

    [Fact]
    public async Task Probe_640GeneratedSymbols_PrintsPipelineVsRawTextsPerSecond()
    {
        string[] verbs = ["Get", "Load", "Save", "Parse", "Render", "Validate", "Merge", "Send", "Compute", "Resolve", "Serialize", "Dispose"];
        string[] nouns = ["User", "Order", "Invoice", "JsonToken", "HttpRequest", "Shape", "Config", "Cache", "Schema", "Report", "Message", "Symbol", "Stream", "Token"];
        string[] docs = ["Returns the {0} for the given key.", "Writes the {0} to the underlying store and flushes it.", "Checks that the {0} is well formed and throws otherwise.",
            "Combines two {0} values into one, keeping the newest entries.", "Reads a {0} from text in the configured format; returns null when the input is empty."];
        var symbols = Enumerable.Range(0, SymbolCount).Select(i =>
        {
            var (verb, noun) = (verbs[i % verbs.Length], nouns[i / verbs.Length % nouns.Length]);
            var doc = i % 4 == 3 ? null : string.Format(System.Globalization.CultureInfo.InvariantCulture, docs[i % docs.Length], noun.ToLowerInvariant());
            return Symbols.Member($"Probe.Area{i % 7}", noun + "Service" + (i / 168), $"{verb}{noun}Async", doc: doc,
                signature: $"public Task<{noun}> {verb}{noun}Async(string key, CancellationToken cancellationToken)");
        }).ToList();
        var repo = await Symbols.NewRepositoryAsync(fixture.DataSource);
        await Symbols.IndexAsync(fixture.DataSource, repo, symbols);

        // Raw runs before and after the pipeline (the machine is shared; the spread shows the noise). The texts are the pipeline's own.
        var texts = symbols.Select(s => CodeIndex.Vectors.Text.SymbolTextBuilder.Build(new(s.Kind, s.Name, s.QualifiedName, s.Signature, s.Documentation))).ToArray();
        var rawBefore = await TimeRawAsync(texts);
        var result = await new EmbeddingPipeline(fixture.DataSource, model.Embedder).RunAsync(repo);
        var raw = await TimeRawAsync(texts);
        var stored = await Db.RowsAsync(fixture.DataSource, "SELECT embedded_text FROM symbol_embeddings WHERE repository_id = $1", repo);
        var rerun = await new EmbeddingPipeline(fixture.DataSource, model.Embedder).RunAsync(repo);

        var line = $"throughput: {result.Symbols} symbols, {result.Embedded} distinct texts, {texts.Average(t => t.Length):F0} chars/text; "
            + $"pipeline prepare {result.PrepareTime.TotalMilliseconds:F0} ms, embed+write {result.TextsPerSecond:F0} texts/s ({result.EmbedTime.TotalMilliseconds:F0} ms); "
            + $"raw OnnxTextEmbedder {texts.Length / rawBefore.TotalSeconds:F0} texts/s before, {texts.Length / raw.TotalSeconds:F0} texts/s after; "
            + $"unchanged re-run {(rerun.PrepareTime + rerun.EmbedTime).TotalMilliseconds:F0} ms, {rerun.Embedded} embedded";
        output.WriteLine(line);
        Console.WriteLine(line);
        Assert.Equal(SymbolCount, result.Symbols);
        Assert.Equal(texts.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        Assert.Equal((0, SymbolCount), (rerun.Embedded, rerun.Unchanged));
    }

    private async Task<TimeSpan> TimeRawAsync(string[] texts)
    {
        var watch = Stopwatch.StartNew();
        var vectors = await model.Embedder.EmbedAsync(texts);
        watch.Stop();
        Assert.Equal(texts.Length, vectors.Length);
        return watch.Elapsed;
    }
}
