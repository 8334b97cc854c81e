using Microsoft.Extensions.Hosting;

namespace CodeIndex.Watch.Hosting;

/// <summary>Runs the <see cref="WatchPipeline"/> as the host's background service; a fatal error stops the host and is kept in
/// <see cref="Failure"/> for the caller to report (exit code and message, never a stack trace).</summary>
public sealed class WatchService(WatchPipeline pipeline, IHostApplicationLifetime lifetime) : BackgroundService
{
    public Exception? Failure { get; private set; }

    public WatchPipeline Pipeline => pipeline;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await pipeline.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Failure = ex;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }
}
