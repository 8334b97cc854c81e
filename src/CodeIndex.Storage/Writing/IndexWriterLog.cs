using Microsoft.Extensions.Logging;

namespace CodeIndex.Storage.Writing;

/// <summary>Log messages of the symbol writer.</summary>
internal static partial class IndexWriterLog
{
    [LoggerMessage(1201, LogLevel.Information, "Repository {RepositoryId} is being indexed by another run; waiting for another index run to finish…")]
    public static partial void Waiting(ILogger logger, long repositoryId);

    [LoggerMessage(1202, LogLevel.Warning, "Dropped {Count} relationship occurrences whose source or target symbol was not indexed")]
    public static partial void DroppedEdges(ILogger logger, long count);

    [LoggerMessage(1203, LogLevel.Information, "Indexed repository {RepositoryId}: {Symbols} symbols ({Inserted} new, {Updated} changed, {Deleted} removed), {Relationships} relationships; COPY {Rows} rows at {RowsPerSecond:F0} rows/s in {CopyMs} ms, merge {MergeMs} ms")]
    public static partial void Committed(ILogger logger, long repositoryId, long symbols, long inserted, long updated, long deleted, long relationships, long rows, double rowsPerSecond, long copyMs, long mergeMs);

    [LoggerMessage(1204, LogLevel.Information, "Index run on repository {RepositoryId} ended without commit; the previous index is unchanged")]
    public static partial void RolledBack(ILogger logger, long repositoryId);

    [LoggerMessage(1205, LogLevel.Debug, "Full-text index pending list moved into the index: {Pages} pages in {Milliseconds} ms")]
    public static partial void SearchIndexFlushed(ILogger logger, long pages, long milliseconds);

    [LoggerMessage(1206, LogLevel.Warning, "Could not move the full-text index's pending list into the index ({Reason}); searches stay slower until autovacuum does it. To fix this, run codeindex as the role that owns the tables")]
    public static partial void SearchIndexFlushFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1210, Level = LogLevel.Debug, Message = "Document-scoped merge of {Documents} document(s) in {Milliseconds} ms; slowest steps: {Steps}")]
    public static partial void ScopedMerge(ILogger logger, int documents, long milliseconds, string steps);
}
