namespace CodeIndex.Embeddings.Tests.Support;

/// <summary>One embedder over models/tiny-bert-test shared by the tests of a class.</summary>
public sealed class TinyBertFixture : IDisposable
{
    public OnnxTextEmbedder Embedder { get; } = OnnxTextEmbedder.Load(TestPaths.TinyBertDirectory);

    public void Dispose() => Embedder.Dispose();
}
