using CodeIndex.Testing;
using CodeIndex.Embeddings;

namespace CodeIndex.Vectors.Tests.Support;

/// <summary>One real USE-lite embedder (512-d) shared by the tests of a class.</summary>
public sealed class UseLiteFixture : IDisposable
{
    public UseLiteFixture()
    {
        Embedder = OnnxTextEmbedder.Load(ModelPaths.UseLite);
    }

    public OnnxTextEmbedder Embedder { get; }

    public void Dispose() => Embedder.Dispose();
}
