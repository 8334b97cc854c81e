using CodeIndex.Embeddings;

namespace CodeIndex.Mcp.Serving;

/// <summary>
/// The model that embeds search questions, loaded once per server in the background from start-up (~0.4 s), so the first
/// answer of any other tool does not wait for it. A model that fails to load leaves search lexical, with a notice.
/// </summary>
public sealed class QueryEmbedder(Func<ITextEmbedder>? load) : IDisposable
{
    private readonly Task<ITextEmbedder>? _loading = load is null ? null : Task.Run(load);

    /// <summary>The embedder, or null with the reason it is not available.</summary>
    public async Task<(ITextEmbedder? Embedder, string? Problem)> GetAsync(CancellationToken cancellationToken)
    {
        if (_loading is null)
        {
            return (null, "the server runs without an embedding model (--no-embed): semantic and hybrid search answer lexically");
        }

        try
        {
            return (await _loading.WaitAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (null, $"the embedding model did not load ({ex.Message}): semantic and hybrid search answer lexically");
        }
    }

    public void Dispose()
    {
        if (_loading is { IsCompletedSuccessfully: true } && _loading.Result is IDisposable d)
        {
            d.Dispose();
        }
    }
}
