namespace CodeIndex.Chroma.Outbox;

/// <summary>The background loop for the indexer: drain what is due, then wait for <see cref="Notify"/> or the poll interval; never throws.</summary>
public sealed partial class ChromaOutboxDrainer
{
    /// <summary>
    /// Drains until <paramref name="cancellationToken"/> is cancelled, then returns (rows not yet sent stay in the outbox).
    /// Failures (Chroma down, PostgreSQL errors) are logged and retried after the poll interval; this method never throws.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await DrainCoreAsync(maxBatches: null, includeDelayed: false, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // A background loop must survive any failure; it is logged and retried.
            catch (Exception e)
#pragma warning restore CA1031
            {
                ChromaLog.LoopFailed(_logger, e, _options.PollInterval);
            }

            if (!await WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        ChromaLog.LoopStopped(_logger);
    }

    /// <summary>Waits for a <see cref="Notify"/> or the poll interval; false when cancelled.</summary>
    private async Task<bool> WaitAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(_options.PollInterval, _timeProvider, stop.Token);
        var wake = _wake.WaitAsync(stop.Token);
        await Task.WhenAny(delay, wake).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(delay, wake).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loser of the race was cancelled above.
        }

        return !cancellationToken.IsCancellationRequested;
    }
}
