using Microsoft.Extensions.Logging;

namespace CodeIndex.Watch;

/// <summary>The watch's log messages (source-generated).</summary>
internal static partial class WatchLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Folder {Folder} is not watched (errno {Errno})")]
    public static partial void FolderNotWatched(ILogger logger, string folder, int errno);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "File watching falls back to polling every {Seconds} s: {Reason}")]
    public static partial void WatchLimitPolling(ILogger logger, double seconds, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "inotify: {Reason}; reconciling")]
    public static partial void WatchLimit(ILogger logger, string reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Watching {Root} ({Mode}, {Folders} folders)")]
    public static partial void Watching(ILogger logger, string root, string mode, int folders);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information,
        Message = "Batch {Batch}: {Files} file(s), {Documents} document(s) re-extracted ({Dependents} dependent{Wide}), symbols +{Added} ~{Changed} -{Removed}, edges {Edges}; ms: apply {ApplyMs}, extract {ExtractMs}, write {WriteMs}, total {TotalMs}")]
    public static partial void BatchDone(ILogger logger, long batch, int files, int documents, int dependents, string wide, long added, long changed, long removed, long edges, long applyMs, long extractMs, long writeMs, long totalMs);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "{Path}: {Reason}")]
    public static partial void FileProblem(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "The database is unreachable ({Reason}); {Pending} file(s) wait, retrying with backoff")]
    public static partial void DatabaseDown(ILogger logger, string reason, int pending);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "The database is back; catching up")]
    public static partial void DatabaseBack(ILogger logger);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Information, Message = "Ready: {Mode} ({Documents} document(s) re-extracted) in {Milliseconds} ms")]
    public static partial void Ready(ILogger logger, string mode, int documents, long milliseconds);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Error, Message = "The projects could not be reloaded ({Reason}); the last good state is kept")]
    public static partial void ReloadFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Error, Message = "Batch failed: {Reason}")]
    public static partial void BatchFailed(ILogger logger, Exception exception, string reason);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Information, Message = "Stopping: {Reason}")]
    public static partial void Stopping(ILogger logger, string reason);
}
