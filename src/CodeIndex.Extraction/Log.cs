using Microsoft.Extensions.Logging;

namespace CodeIndex.Extraction;

/// <summary>Source-generated log messages of the extraction stage (event ids 2000–2099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Skipped document {Path}: {Reason}")]
    public static partial void DocumentSkipped(ILogger logger, string? path, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Extracted project {Project}: {Documents} documents, {Symbols} symbols, {Relationships} relationships")]
    public static partial void ProjectExtracted(ILogger logger, string project, int documents, int symbols, int relationships);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Extraction of document {Path} failed unexpectedly; skipping it")]
    public static partial void DocumentFailed(ILogger logger, Exception exception, string? path);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "{Count} relationship endpoints could not be emitted as symbols (first: {First})")]
    public static partial void UnresolvedEndpoints(ILogger logger, int count, string first);
}
