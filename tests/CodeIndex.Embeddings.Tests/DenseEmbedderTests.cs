using CodeIndex.Embeddings.Tests.Support;

namespace CodeIndex.Embeddings.Tests;

/// <summary>Dense BERT-style path with the real ONNX Runtime and models/tiny-bert-test, against numpy references (reference.json).</summary>
public sealed class DenseEmbedderTests(TinyBertFixture fixture) : IClassFixture<TinyBertFixture>
{
    private const float Tolerance = 1e-5f;

    private static string[] Texts => TinyBertReference.All.Select(c => c.Text).ToArray();

    [Fact]
    public void Reference_HasCasesOfDifferentLengths()
    {
        Assert.True(TinyBertReference.All.Count >= 3);
        Assert.True(TinyBertReference.All.Select(c => c.Tokens.Length).Distinct().Count() >= 2);
    }

    [Fact]
    public void Tokenizer_MatchesReferenceIds()
    {
        foreach (var c in TinyBertReference.All)
        {
            Assert.Equal(c.Tokens, fixture.Embedder.Tokenizer.Encode(c.Text, fixture.Embedder.Manifest.MaxTokens));
        }
    }

    [Fact]
    public async Task EmbedAsync_Batch_EqualsNumpyMeanPooledNormalized()
    {
        var vectors = await fixture.Embedder.EmbedAsync(Texts);

        Assert.Equal(TinyBertReference.All.Count, vectors.Length);
        for (var i = 0; i < vectors.Length; i++)
        {
            AssertClose(TinyBertReference.All[i].MeanNormalized, vectors[i]);
            Assert.Equal(1.0, Math.Sqrt(vectors[i].Sum(v => (double)v * v)), 5);
        }
    }

    [Fact]
    public async Task EmbedAsync_SingleTexts_EqualBatchedTexts_PaddingHasNoEffect()
    {
        var batched = await fixture.Embedder.EmbedAsync(Texts);

        for (var i = 0; i < Texts.Length; i++)
        {
            var single = await fixture.Embedder.EmbedAsync([Texts[i]]);
            AssertClose(single[0], batched[i], 1e-6f);
        }
    }

    [Fact]
    public async Task EmbedAsync_EmptyText_IsZeroVector_OthersUnchanged()
    {
        var vectors = await fixture.Embedder.EmbedAsync(["", Texts[0], "  ", Texts[1]]);

        Assert.All(vectors[0], v => Assert.Equal(0f, v));
        Assert.All(vectors[2], v => Assert.Equal(0f, v));
        AssertClose(TinyBertReference.All[0].MeanNormalized, vectors[1]);
        AssertClose(TinyBertReference.All[1].MeanNormalized, vectors[3]);
    }

    [Fact]
    public async Task EmbedAsync_SmallBatchSize_SameVectors()
    {
        using var embedder = OnnxTextEmbedder.Load(TestPaths.TinyBertDirectory, new OnnxEmbedderOptions { BatchSize = 1, IntraOpThreads = 1 });

        var vectors = await embedder.EmbedAsync(Texts);

        for (var i = 0; i < vectors.Length; i++)
        {
            AssertClose(TinyBertReference.All[i].MeanNormalized, vectors[i]);
        }
    }

    [Fact]
    public async Task EmbedAsync_NotNormalized_EqualsRawMean()
    {
        using var folder = new TempModelFolder(m => m["normalized"] = false, TestPaths.TinyBertDirectory);
        using var embedder = OnnxTextEmbedder.Load(folder.Path);

        var vectors = await embedder.EmbedAsync(Texts);

        for (var i = 0; i < vectors.Length; i++)
        {
            AssertClose(TinyBertReference.All[i].Mean, vectors[i]);
        }
    }

    [Fact]
    public async Task EmbedAsync_ClsPooling_EqualsFirstTokenNormalized()
    {
        using var folder = new TempModelFolder(m => m["pooling"] = "cls", TestPaths.TinyBertDirectory);
        using var embedder = OnnxTextEmbedder.Load(folder.Path);

        var vectors = await embedder.EmbedAsync(Texts);

        for (var i = 0; i < vectors.Length; i++)
        {
            AssertClose(TinyBertReference.All[i].ClsNormalized, vectors[i]);
        }
    }

    [Fact]
    public async Task EmbedAsync_LongText_IsTruncatedToMaxTokens()
    {
        var words = string.Join(' ', Enumerable.Repeat("fox", 40));
        var thirty = string.Join(' ', Enumerable.Repeat("fox", 30)); // 30 + [CLS] + [SEP] = maxTokens 32

        var vectors = await fixture.Embedder.EmbedAsync([words, thirty, "fox fox"]);

        Assert.Equal(32, fixture.Embedder.Tokenizer.Encode(words, fixture.Embedder.Manifest.MaxTokens).Length);
        AssertClose(vectors[1], vectors[0], 1e-6f);
        Assert.True(Distance(vectors[0], vectors[2]) > 1e-3);
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance = Tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var d = 0; d < expected.Length; d++)
        {
            Assert.True(Math.Abs(expected[d] - actual[d]) <= tolerance, $"component {d}: expected {expected[d]}, got {actual[d]}");
        }
    }

    private static double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum());
}
