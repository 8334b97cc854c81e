namespace CodeIndex.Vectors.Pipeline;

/// <summary>What one embedding run did for one repository.</summary>
/// <param name="Symbols">Embeddable symbols of the repository (source symbols that are not namespaces).</param>
/// <param name="Unchanged">Symbols whose text and model were unchanged since the previous run: their vectors (or pending state) were kept.</param>
/// <param name="ReusedFromCache">Symbols whose new or changed text was found in <c>embedding_cache</c> (no computation).</param>
/// <param name="Embedded">Distinct texts sent to the embedder (a text shared by several symbols counts once).</param>
/// <param name="FilledByEmbedding">Symbols that received one of those computed vectors.</param>
/// <param name="Removed">Embedding rows deleted because their symbol is no longer embeddable.</param>
/// <param name="Pending">Symbols still awaiting a vector when the run ended (0 unless cancelled or failed).</param>
/// <param name="EmbedTime">Time spent in the embed phase (after preparation), including database writes.</param>
public sealed record EmbeddingRunResult(
    int Symbols,
    int Unchanged,
    int ReusedFromCache,
    int Embedded,
    int FilledByEmbedding,
    int Removed,
    int Pending,
    TimeSpan PrepareTime,
    TimeSpan EmbedTime)
{
    /// <summary>Part of <see cref="EmbedTime"/> spent waiting for the embedder (model inference, tokenisation included).</summary>
    public TimeSpan InferenceTime { get; init; }

    /// <summary>Part of <see cref="EmbedTime"/> the embedder sat idle waiting for database writes (all of each write unless <see cref="EmbeddingPipelineOptions.OverlapWrites"/>).</summary>
    public TimeSpan WriteWaitTime { get; init; }

    /// <summary>True when this run dropped the model's HNSW index for a bulk load and built it again at the end (see <see cref="EmbeddingPipelineOptions.BulkIndexThreshold"/>).</summary>
    public bool IndexRebuilt { get; init; }

    /// <summary>Time of that index build (zero when the index was maintained row by row); not part of <see cref="EmbedTime"/>.</summary>
    public TimeSpan IndexBuildTime { get; init; }

    /// <summary>True when the run prepared only the symbols graph writes logged as changed (<c>embedding_changes</c>), not every
    /// symbol of the repository.</summary>
    public bool Scoped { get; init; }

    /// <summary>Computed texts per second of the embed phase (0 when nothing was embedded).</summary>
    public double TextsPerSecond => Embedded == 0 || EmbedTime <= TimeSpan.Zero ? 0 : Embedded / EmbedTime.TotalSeconds;
}
