using System.Diagnostics;
using CodeIndex.Embeddings.Onnx;
using CodeIndex.Embeddings.Tests.Support;
using Xunit.Abstractions;

namespace CodeIndex.Embeddings.Tests;

/// <summary>Prints texts/s for raw session runs vs the whole embedder (a probe, not a performance assertion).</summary>
public sealed class ThroughputProbe(UseLiteFixture fixture, ITestOutputHelper output) : IClassFixture<UseLiteFixture>
{
    private const int TextCount = 512;
    private const int BatchSize = 64;

    [Fact]
    public async Task Probe_512TextsOf32Tokens_PrintsTextsPerSecond()
    {
        var embedder = fixture.Embedder;
        string[] verbs = ["reads", "writes", "parses", "returns", "deletes", "updates", "merges", "loads"];
        var texts = Enumerable.Range(0, TextCount)
            .Select(i => $"method {verbs[i % verbs.Length]} the configuration file number {i} from disk and returns the parsed settings object for the user interface component")
            .ToArray();
        var tokens = texts.Select(t => embedder.Tokenizer.Encode(t, 512)).ToArray();

        RunRaw(embedder, tokens); // warm-up
        var raw = Stopwatch.StartNew();
        RunRaw(embedder, tokens);
        raw.Stop();

        await embedder.EmbedAsync(texts); // warm-up
        var pipeline = Stopwatch.StartNew();
        var vectors = await embedder.EmbedAsync(texts);
        pipeline.Stop();

        var line = $"throughput: {TextCount} texts, {tokens.Average(t => t.Length):F1} tokens/text, batch {BatchSize}, 2 intra-op threads: "
            + $"raw session.Run {TextCount / raw.Elapsed.TotalSeconds:F0} texts/s, OnnxTextEmbedder {TextCount / pipeline.Elapsed.TotalSeconds:F0} texts/s";
        output.WriteLine(line);
        Console.WriteLine(line);
        Assert.Equal(TextCount, vectors.Length);
    }

    private static void RunRaw(OnnxTextEmbedder embedder, int[][] tokens)
    {
        for (var start = 0; start < tokens.Length; start += BatchSize)
        {
            var (indices, values) = SparseBatch.Build(tokens.Skip(start).Take(BatchSize).ToArray());
            _ = embedder.Session.Run([("indices", indices, [values.Length, 2]), ("values", values, [values.Length])], embedder.Manifest.Output);
        }
    }
}
