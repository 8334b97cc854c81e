namespace CodeIndex.Embeddings.Tests.Support;

/// <summary>One USE-lite embedder shared by the tests of a class (session creation takes ~0.2 s).</summary>
public sealed class UseLiteFixture : IDisposable
{
    public UseLiteFixture()
    {
        Embedder = OnnxTextEmbedder.Load(TestPaths.UseLiteDirectory);
    }

    public OnnxTextEmbedder Embedder { get; }

    public void Dispose() => Embedder.Dispose();
}
