using Microsoft.Extensions.Logging;

namespace CodeIndex.Vectors;

/// <summary>Log messages of the vector stage (event ids 15xx).</summary>
internal static partial class VectorsLog
{
    [LoggerMessage(1501, LogLevel.Information, "Created HNSW index {Index} for model {ModelId} ({Dimension} dimensions)")]
    public static partial void CreatedIndex(ILogger logger, string index, string modelId, int dimension);

    [LoggerMessage(1502, LogLevel.Warning, "Model {ModelId} has {Dimension} dimensions; pgvector's HNSW index supports at most {Max}, so semantic search scans vectors exactly")]
    public static partial void NoHnswIndex(ILogger logger, string modelId, int dimension, int max);

    [LoggerMessage(1503, LogLevel.Information, "Cleared {Rows} embedding rows of repository {RepositoryId}; the next embedding run recomputes them")]
    public static partial void Reset(ILogger logger, long repositoryId, int rows);

    [LoggerMessage(1504, LogLevel.Information, "Embeddings of repository {RepositoryId} prepared: {Symbols} symbols, {Unchanged} unchanged, {Reused} filled from the cache, {Removed} removed, {Pending} awaiting embedding")]
    public static partial void Prepared(ILogger logger, long repositoryId, int symbols, int unchanged, int reused, int removed, int pending);

    [LoggerMessage(1505, LogLevel.Debug, "Embedded batch of {Texts} texts for repository {RepositoryId} ({Rows} symbols filled)")]
    public static partial void BatchWritten(ILogger logger, long repositoryId, int texts, int rows);

    [LoggerMessage(1506, LogLevel.Information, "Embedded {Texts} texts for repository {RepositoryId} in {ElapsedMs} ms ({TextsPerSecond:F0} texts/s); {Pending} still pending")]
    public static partial void Finished(ILogger logger, long repositoryId, int texts, long elapsedMs, double textsPerSecond, int pending);

    [LoggerMessage(1507, LogLevel.Information, "Embedding run for repository {RepositoryId} cancelled after {Texts} texts; committed batches are kept, the rest stays pending")]
    public static partial void Cancelled(ILogger logger, long repositoryId, int texts);

    [LoggerMessage(1508, LogLevel.Information, "Dropped HNSW index {Index} of model {ModelId} for a bulk load; it is rebuilt when the vectors are written")]
    public static partial void IndexSuspended(ILogger logger, string index, string modelId);

    [LoggerMessage(1509, LogLevel.Information, "HNSW index {Index} kept: its table stayed locked for {TimeoutMs} ms, so vectors are indexed row by row")]
    public static partial void IndexKept(ILogger logger, string index, long timeoutMs);

    [LoggerMessage(1510, LogLevel.Information, "Rebuilt HNSW index of model {ModelId} in {ElapsedMs} ms")]
    public static partial void IndexRebuilt(ILogger logger, string modelId, long elapsedMs);

    [LoggerMessage(1511, LogLevel.Error, "Could not rebuild the HNSW index of model {ModelId}; semantic search scans exactly until the next embedding run creates it")]
    public static partial void IndexRebuildFailed(ILogger logger, Exception exception, string modelId);

    [LoggerMessage(1512, LogLevel.Warning, "Parallel HNSW build of model {ModelId} failed ({Reason}); building it serially")]
    public static partial void ParallelBuildFailed(ILogger logger, string modelId, string reason);
}
