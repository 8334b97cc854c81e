namespace CodeIndex.Vectors.Pipeline;

/// <summary>Tuning of <see cref="EmbeddingPipeline"/>; defaults suit a 2-core machine.</summary>
public sealed record EmbeddingPipelineOptions
{
    public static EmbeddingPipelineOptions Default { get; } = new();

    /// <summary>Texts per embedder call and per write transaction (default 64).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Pending texts the producer reads per query (default 1024; rounded up to a multiple of <see cref="BatchSize"/> in effect).</summary>
    public int PageSize { get; init; } = 1024;

    /// <summary>Batches buffered between the reader and the embedder (default 4).</summary>
    public int ChannelCapacity { get; init; } = 4;

    internal void Validate()
    {
        var errors = new List<string>();
        if (BatchSize < 1)
        {
            errors.Add($"BatchSize must be >= 1 (is {BatchSize})");
        }

        if (PageSize < 1)
        {
            errors.Add($"PageSize must be >= 1 (is {PageSize})");
        }

        if (ChannelCapacity < 1)
        {
            errors.Add($"ChannelCapacity must be >= 1 (is {ChannelCapacity})");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid embedding pipeline options: {string.Join("; ", errors)}.");
        }
    }
}
