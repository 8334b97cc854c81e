using CodeIndex.Core.Errors;
using CodeIndex.Watch.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CodeIndex.Mcp.Watching;

/// <summary>
/// <c>mcp --watch</c>: runs a <see cref="WatchPipeline"/> for the scoped repository in the server's process, so the index the
/// tools read stays live. When a <c>codeindex watch</c> daemon already holds the repository, the server serves read-only from
/// that daemon's index (its state is what every answer reports) and tries to take over every
/// <see cref="McpServerSettings.TakeOverInterval"/>, so the index stays live when that daemon stops.
/// </summary>
/// <remarks>A fatal watch error is logged and reported by <c>index_status</c>; the server goes on answering from the index as it is.</remarks>
public sealed partial class ServedWatch(Func<WatchPipeline> createPipeline, McpServerSettings settings, ILogger<ServedWatch> logger) : BackgroundService
{
    private volatile WatchPipeline? _current;
    private volatile string _mode = "starting";
    private volatile string? _failure;

    /// <summary>The pipeline running in this process, when it holds the repository.</summary>
    public WatchPipeline? Current => _current;

    /// <summary><c>starting</c>, <c>watching</c> (this process keeps the index live), <c>following</c> (another daemon does) or <c>failed</c>.</summary>
    public string Mode => _mode;

    /// <summary>Why the watch stopped, when <see cref="Mode"/> is <c>failed</c>.</summary>
    public string? Failure => _failure;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var pipeline = createPipeline();
            _current = pipeline;
            _mode = "watching";
            try
            {
                await pipeline.RunAsync(stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (CodeIndexException ex) when (ex.Code == "watch_in_progress")
            {
                _current = null;
                if (_mode != "following")
                {
                    LogFollowing(logger, ex.Message);
                }

                _mode = "following";
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _current = null;
                _mode = "failed";
                _failure = ex.Message;
                LogFailed(logger, ex.Message);
                return;
            }

            try
            {
                await Task.Delay(settings.TakeOverInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Another daemon keeps this repository live ({Reason}); answering read-only from its index, and taking over when it stops.")]
    private static partial void LogFollowing(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The watch stopped: {Reason}. Answers come from the index as it is.")]
    private static partial void LogFailed(ILogger logger, string reason);
}
