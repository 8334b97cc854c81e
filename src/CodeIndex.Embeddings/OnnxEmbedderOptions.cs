namespace CodeIndex.Embeddings;

/// <summary>Run-time options of <see cref="OnnxTextEmbedder"/>.</summary>
public sealed record OnnxEmbedderOptions
{
    /// <summary>For embedding one search query beside the database's own work: two intra-op threads that sleep when idle.</summary>
    /// <remarks>One spinning thread was the choice until session 6: a second thread that spins after each inference takes a core from the
    /// PostgreSQL backends running HNSW and full text (100k hybrid p50/p95 37.8/56.3 ms with 1 thread, 51.8/92.4 with 2 spinning). Two
    /// threads that sleep avoid that: on this repository's 246 questions the embedding took p50 4.1–4.4 ms instead of 5.3–5.5, and hybrid
    /// p95 29.6–30.7 instead of 33.3–34.8 ms (alternated runs; docs/benchmarks.md, session 6).</remarks>
    public static OnnxEmbedderOptions ForQueries { get; } = new() { IntraOpThreads = 2, AllowSpinning = false };

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
