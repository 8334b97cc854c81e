using Microsoft.Extensions.Logging;

namespace CodeIndex.Chroma;

/// <summary>Source-generated log messages of the ChromaDB secondary store (event ids 4100–4199).</summary>
internal static partial class ChromaLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug, Message = "Chroma outbox batch: {Rows} rows, {Upserted} upserted, {Deleted} deleted, {Failed} failed")]
    public static partial void BatchDrained(ILogger logger, int rows, int upserted, int deleted, int failed);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Chroma outbox: {Rows} rows for repository {RepositoryId} model {ModelId} failed (attempt {Attempt}); retrying after {Delay}: {Error}")]
    public static partial void GroupFailed(ILogger logger, int rows, long repositoryId, string modelId, int attempt, TimeSpan delay, string error);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Chroma outbox drain loop failed; retrying in {Delay}")]
    public static partial void LoopFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Repository {RepositoryId} no longer exists: deleted Chroma collection {Collection}")]
    public static partial void CollectionDropped(ILogger logger, long repositoryId, string collection);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Chroma rebuild of {Collection}: {Upserted} documents sent, {Extra} extra documents deleted")]
    public static partial void CollectionRebuilt(ILogger logger, string collection, int upserted, int extra);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "Deleted stale Chroma collection {Collection}: PostgreSQL has no vectors for it")]
    public static partial void StaleCollectionDropped(ILogger logger, string collection);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Debug, Message = "Chroma outbox drain loop stopped")]
    public static partial void LoopStopped(ILogger logger);
}
