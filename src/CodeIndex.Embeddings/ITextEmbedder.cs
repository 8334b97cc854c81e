namespace CodeIndex.Embeddings;

/// <summary>Turns texts into fixed-size vectors; one row per input text, in input order.</summary>
public interface ITextEmbedder
{
    /// <summary>Identifies the model (stored with every vector, e.g. <c>use-lite-v1</c>).</summary>
    string ModelId { get; }

    /// <summary>Length of every vector returned.</summary>
    int Dimension { get; }

    /// <summary>Embeds <paramref name="texts"/>; a text with no tokens (e.g. empty) gets an all-zero vector.</summary>
    Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct = default);

    /// <summary>Tokens the model would see for <paramref name="text"/> (after truncation): callers batch texts of similar token counts, since a batch
    /// costs as much as its longest text. Default: the character count, a proxy for embedders without a tokenizer.</summary>
    int CountTokens(string text) => text?.Length ?? 0;
}
