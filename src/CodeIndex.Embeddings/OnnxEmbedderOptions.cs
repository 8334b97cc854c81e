namespace CodeIndex.Embeddings;

/// <summary>Run-time options of <see cref="OnnxTextEmbedder"/>.</summary>
public sealed record OnnxEmbedderOptions
{
    /// <summary>ONNX Runtime intra-op threads (default 2; 0 = ONNX Runtime's default, one per core).</summary>
    public int IntraOpThreads { get; init; } = 2;

    /// <summary>Whether ONNX Runtime's idle intra-op threads spin (its default, true) or sleep between parallel sections.</summary>
    public bool AllowSpinning { get; init; } = true;

    /// <summary>Texts per model run (default 64); texts are sorted by token count before batching.</summary>
    public int BatchSize { get; init; } = 64;

    internal void Validate()
    {
        var errors = new List<string>();
        if (IntraOpThreads < 0)
        {
            errors.Add($"IntraOpThreads must be >= 0 (is {IntraOpThreads})");
        }

        if (BatchSize < 1)
        {
            errors.Add($"BatchSize must be >= 1 (is {BatchSize})");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid embedder options: {string.Join("; ", errors)}.");
        }
    }
}
