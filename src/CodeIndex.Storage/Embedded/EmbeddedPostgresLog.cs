using Microsoft.Extensions.Logging;

namespace CodeIndex.Storage.Embedded;

/// <summary>Log messages of the embedded cluster.</summary>
internal static partial class EmbeddedPostgresLog
{
    [LoggerMessage(1001, LogLevel.Information, "Initialising PostgreSQL cluster in {DataDirectory} (port {Port})")]
    public static partial void Initializing(ILogger logger, string dataDirectory, int port);

    [LoggerMessage(1002, LogLevel.Information, "Starting PostgreSQL in {DataDirectory} on 127.0.0.1:{Port}")]
    public static partial void Starting(ILogger logger, string dataDirectory, int port);

    [LoggerMessage(1003, LogLevel.Information, "Stopping PostgreSQL in {DataDirectory}")]
    public static partial void Stopping(ILogger logger, string dataDirectory);

    [LoggerMessage(1004, LogLevel.Information, "Waiting for another process using the cluster in {DataDirectory}")]
    public static partial void WaitingForLock(ILogger logger, string dataDirectory);

    [LoggerMessage(1005, LogLevel.Warning, "Port {OldPort} is taken by another program; moving the cluster to port {NewPort}")]
    public static partial void PortMoved(ILogger logger, int oldPort, int newPort);
}
