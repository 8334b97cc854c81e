using CodeIndex.Embeddings.Tests.Support;

namespace CodeIndex.Embeddings.Tests;

/// <summary>USE-lite end to end through ONNX Runtime against the original TF.js embeddings.</summary>
public sealed class OnnxTextEmbedderTests(UseLiteFixture fixture) : IClassFixture<UseLiteFixture>
{
    private const float Tolerance = 1e-4f;

    private OnnxTextEmbedder Embedder => fixture.Embedder;

    [Fact]
    public void Load_UseLite_ExposesManifestIdAndDimension()
    {
        Assert.Equal("use-lite-v1", Embedder.ModelId);
        Assert.Equal(512, Embedder.Dimension);
    }

    [Fact]
    public async Task EmbedAsync_AllReferenceCasesInOneBatch_MatchOriginalModel()
    {
        var cases = ReferenceCase.All;

        var vectors = await Embedder.EmbedAsync(cases.Select(c => c.Text).ToList());

        Assert.Equal(cases.Count, vectors.Length);
        for (var i = 0; i < cases.Count; i++)
        {
            AssertClose(cases[i].Embedding, vectors[i], cases[i].Text);
        }
    }

    [Fact]
    public async Task EmbedAsync_IdleThreadsSleep_MatchOriginalModel()
    {
        // AllowSpinning = false goes through AddSessionConfigEntry (slot 130, outside the frozen version-1 block).
        using var embedder = OnnxTextEmbedder.Load(TestPaths.UseLiteDirectory, new OnnxEmbedderOptions { AllowSpinning = false });
        var cases = ReferenceCase.All;

        var vectors = await embedder.EmbedAsync(cases.Select(c => c.Text).ToList());

        for (var i = 0; i < cases.Count; i++)
        {
            AssertClose(cases[i].Embedding, vectors[i], cases[i].Text);
        }
    }

    [Fact]
    public async Task CountTokensThenEmbed_ReferenceCases_TokenisedOnceAndMatchOriginalModel()
    {
        // The pipeline counts tokens to sort a page, then embeds the same strings: the counted token ids are used once, then dropped.
        using var embedder = OnnxTextEmbedder.Load(TestPaths.UseLiteDirectory);
        var cases = ReferenceCase.All;
        var texts = cases.Select(c => new string(c.Text.AsSpan())).ToList();
        foreach (var text in texts)
        {
            Assert.Equal(embedder.Tokenizer.Encode(text, embedder.Manifest.MaxTokens).Length, embedder.CountTokens(text));
        }

        Assert.Equal(texts.Cast<object>().Distinct(ReferenceEqualityComparer.Instance).Count(), embedder.CountedTexts);

        var vectors = await embedder.EmbedAsync(texts.AsEnumerable().Reverse().ToList());

        Assert.Equal(0, embedder.CountedTexts);
        for (var i = 0; i < cases.Count; i++)
        {
            AssertClose(cases[i].Embedding, vectors[cases.Count - 1 - i], cases[i].Text);
        }
    }

    [Theory]
    [MemberData(nameof(ReferenceCase.Indices), MemberType = typeof(ReferenceCase))]
    public async Task EmbedAsync_ReferenceCaseAlone_MatchesOriginalModel(int index)
    {
        var reference = ReferenceCase.All[index];

        var vectors = await Embedder.EmbedAsync([reference.Text]);

        AssertClose(reference.Embedding, Assert.Single(vectors), reference.Text);
    }

    [Fact]
    public async Task EmbedAsync_EmptyTextInMiddleAndAtEnd_KeepsRowsAligned()
    {
        var a = ReferenceCase.All[0];
        var b = ReferenceCase.All[2];

        var vectors = await Embedder.EmbedAsync([a.Text, "", b.Text, ""]);

        Assert.Equal(4, vectors.Length);
        AssertClose(a.Embedding, vectors[0], a.Text);
        Assert.All(vectors[1], v => Assert.Equal(0f, v));
        AssertClose(b.Embedding, vectors[2], b.Text);
        Assert.All(vectors[3], v => Assert.Equal(0f, v));
        Assert.Equal(512, vectors[3].Length);
    }

    [Fact]
    public async Task EmbedAsync_OnlyEmptyTexts_ReturnsZeroVectors()
    {
        var vectors = await Embedder.EmbedAsync(["", ""]);

        Assert.Equal(2, vectors.Length);
        Assert.All(vectors, v => Assert.True(v.Length == 512 && v.All(x => x == 0f)));
    }

    [Fact]
    public async Task EmbedAsync_TextOver512Tokens_TruncatedToFirst512()
    {
        var text = string.Join(' ', Enumerable.Range(0, 300).Select(i => $"word{i}"));
        var tokens = Embedder.Tokenizer.Encode(text);
        Assert.True(tokens.Length >= 600, $"test text should have >= 600 tokens, has {tokens.Length}");

        var vector = Assert.Single(await Embedder.EmbedAsync([text]));
        var expected = Embedder.RunBatch([tokens[..512]])[0];

        AssertClose(expected, vector, "truncated text");
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 3);
    }

    [Fact]
    public async Task EmbedAsync_MixedLengthsAcrossBatches_ReturnedInInputOrder()
    {
        using var small = OnnxTextEmbedder.Load(TestPaths.UseLiteDirectory, new OnnxEmbedderOptions { BatchSize = 3 });
        var cases = ReferenceCase.All.Reverse().ToList();

        var vectors = await small.EmbedAsync(cases.Select(c => c.Text).ToList());

        for (var i = 0; i < cases.Count; i++)
        {
            AssertClose(cases[i].Embedding, vectors[i], cases[i].Text);
        }
    }

    [Fact]
    public async Task EmbedAsync_CancelledToken_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Embedder.EmbedAsync(["text"], cts.Token));
    }

    private static void AssertClose(float[] expected, float[] actual, string label)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }

        Assert.True(worst <= Tolerance, $"'{label}': max difference {worst} exceeds {Tolerance}");
    }
}
