namespace CodeIndex.Vectors.Pipeline;

/// <summary>Tuning of <see cref="EmbeddingPipeline"/>; defaults suit a 2-core machine.</summary>
public sealed record EmbeddingPipelineOptions
{
    public static EmbeddingPipelineOptions Default { get; } = new();

    /// <summary>Texts per embedder call and per write transaction (default 64).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Computed vectors written per transaction (default 512): fewer, larger writes cost less than one per embedder call. Rounded up to whole embedder batches.</summary>
    public int WriteBatchSize { get; init; } = 512;

    /// <summary>Write a batch of vectors while the next texts are embedded (default: only on machines with more than 2 cores).</summary>
    /// <remarks>On 2 cores ONNX Runtime's 2 intra-op threads use both cores: a concurrent write pre-empts one of them, and the other waits at the
    /// operator's barrier, so overlapping cost more inference time than the write itself took.</remarks>
    public bool OverlapWrites { get; init; } = Environment.ProcessorCount > 2;

    /// <summary>Read and token-sort the next page of pending texts while the current one is embedded (default: only on machines with more than 2 cores).</summary>
    /// <remarks>Same reason as <see cref="OverlapWrites"/>: on 2 cores, tokenizing a page for its sort order beside inference slowed inference by more
    /// than the read took. Without prefetch the next page is read when the current one is used up.</remarks>
    public bool PrefetchTexts { get; init; } = Environment.ProcessorCount > 2;

    /// <summary>Pending texts the producer reads per query (default 1024; rounded up to a multiple of <see cref="BatchSize"/> in effect).</summary>
    public int PageSize { get; init; } = 1024;

    /// <summary>Batches buffered between the reader and the embedder when <see cref="PrefetchTexts"/> is on (default 4).</summary>
    public int ChannelCapacity { get; init; } = 4;

    /// <summary>Pending texts from which a run drops the model's HNSW index, writes vectors unindexed and builds the index once at the end
    /// (default 1000); only when the run adds at least as many vectors as the database already holds for the model, so a rebuild never
    /// costs more than twice what it indexes. 0 disables it (always index row by row).</summary>
    /// <remarks>Measured here: inserting 2,048 512-d vectors row by row into the HNSW index took 7.6 s; writing them unindexed 0.1 s plus one build 1.4 s.</remarks>
    public int BulkIndexThreshold { get; init; } = 1000;

    /// <summary>How long dropping the index may wait for its table lock before the run keeps the index and inserts row by row (default 2 s).</summary>
    public TimeSpan IndexLockTimeout { get; init; } = TimeSpan.FromSeconds(2);

    internal void Validate()
    {
        var errors = new List<string>();
        if (BatchSize < 1)
        {
            errors.Add($"BatchSize must be >= 1 (is {BatchSize})");
        }

        if (WriteBatchSize < 1)
        {
            errors.Add($"WriteBatchSize must be >= 1 (is {WriteBatchSize})");
        }

        if (PageSize < 1)
        {
            errors.Add($"PageSize must be >= 1 (is {PageSize})");
        }

        if (ChannelCapacity < 1)
        {
            errors.Add($"ChannelCapacity must be >= 1 (is {ChannelCapacity})");
        }

        if (BulkIndexThreshold < 0)
        {
            errors.Add($"BulkIndexThreshold must be >= 0 (is {BulkIndexThreshold})");
        }

        if (IndexLockTimeout <= TimeSpan.Zero)
        {
            errors.Add($"IndexLockTimeout must be positive (is {IndexLockTimeout})");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid embedding pipeline options: {string.Join("; ", errors)}.");
        }
    }
}
