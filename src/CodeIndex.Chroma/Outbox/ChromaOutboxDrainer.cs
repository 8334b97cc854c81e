using CodeIndex.Chroma.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CodeIndex.Chroma.Outbox;

/// <summary>
/// Drains <c>chroma_outbox</c> into ChromaDB: locks due rows (<c>FOR UPDATE SKIP LOCKED</c>, so several drainers can run),
/// reconciles each document with PostgreSQL's current state — a vector present means upsert it (current vector, text and metadata),
/// no row or a NULL vector means delete it — removes completed rows and reschedules failed ones with exponential backoff and jitter.
/// </summary>
public sealed partial class ChromaOutboxDrainer
{
    private const int MaxErrorLength = 2000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ChromaClient _client;
    private readonly ChromaDrainOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);

    public ChromaOutboxDrainer(NpgsqlDataSource dataSource, ChromaClient client, ChromaDrainOptions? options = null, TimeProvider? timeProvider = null, ILogger<ChromaOutboxDrainer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(client);
        _options = options ?? ChromaDrainOptions.Default;
        _options.Validate();
        _dataSource = dataSource;
        _client = client;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Drains due rows until none are left, <paramref name="maxBatches"/> batches are done, or Chroma is unreachable (then rows stay
    /// queued with a later attempt time). Chroma errors are recorded on the rows and in the result, not thrown; PostgreSQL errors propagate.
    /// </summary>
    public Task<DrainResult> DrainAsync(int? maxBatches = null, CancellationToken cancellationToken = default) =>
        DrainCoreAsync(maxBatches, includeDelayed: false, cancellationToken);

    /// <summary>Outbox rows still waiting for Chroma (all repositories when <paramref name="repositoryId"/> is null).</summary>
    public Task<long> PendingAsync(long? repositoryId = null, CancellationToken cancellationToken = default) =>
        OutboxSql.CountAsync(_dataSource, repositoryId, cancellationToken);

    /// <summary>Wakes the background loop now (call after committing new outbox rows); harmless when no loop runs.</summary>
    public void Notify()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <summary>Drains like <see cref="DrainAsync"/>; with <paramref name="includeDelayed"/> rows waiting for their backoff are tried now too (each at most once per call).</summary>
    internal async Task<DrainResult> DrainCoreAsync(int? maxBatches, bool includeDelayed, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatches ?? 1, nameof(maxBatches));
        var total = DrainResult.Empty;
        var failedIds = new List<long>();
        while (maxBatches is null || total.Batches < maxBatches)
        {
            var (batch, rowCount) = await DrainBatchAsync(includeDelayed, [.. failedIds], failedIds, cancellationToken).ConfigureAwait(false);
            if (rowCount == 0)
            {
                break;
            }

            total = total.Add(batch);
            if (batch.ChromaUnreachable || rowCount < _options.BatchSize)
            {
                break;
            }
        }

        return total;
    }

    private static string Truncate(string message) => message.Length <= MaxErrorLength ? message : message[..MaxErrorLength];
}
