using System.Diagnostics;
using System.Threading.Channels;
using CodeIndex.Embeddings;
using CodeIndex.Vectors.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CodeIndex.Vectors.Pipeline;

/// <summary>Brings one repository's symbol vectors up to date after an index commit: prepare (texts, hashes, cache reuse), then embed only cache misses through a bounded producer/consumer channel, one transaction per batch.</summary>
/// <remarks>Runs outside the index writer's transaction and lock, so it never blocks indexing; call it in the background after <c>IndexWriteSession.CommitAsync</c>.</remarks>
public sealed class EmbeddingPipeline
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly ITextEmbedder _embedder;
    private readonly EmbeddingPipelineOptions _options;
    private readonly ILogger _logger;
    private readonly VectorStoreSchema _schema;

    public EmbeddingPipeline(NpgsqlDataSource dataSource, ITextEmbedder embedder, ILogger? logger = null, EmbeddingPipelineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(embedder);
        _options = options ?? EmbeddingPipelineOptions.Default;
        _options.Validate();
        ModelIdentifier.Validate(embedder.ModelId);
        ModelIdentifier.Dimension(embedder.Dimension);
        _dataSource = dataSource;
        _embedder = embedder;
        _logger = logger ?? NullLogger.Instance;
        _schema = new VectorStoreSchema(dataSource, _logger);
    }

    /// <summary>Registers the model (dimension check, HNSW index), prepares the repository's rows and embeds every pending text.
    /// <paramref name="progress"/> receives the running count of texts embedded after each committed batch.
    /// On cancellation, committed batches stay and the rest stays pending for the next run.</summary>
    public async Task<EmbeddingRunResult> RunAsync(long repositoryId, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var prepareTime = Stopwatch.StartNew();
        await _schema.EnsureModelAsync(_embedder.ModelId, _embedder.Dimension, repositoryId, cancellationToken).ConfigureAwait(false);
        var prepared = await new EmbeddingPreparer(_dataSource).PrepareAsync(repositoryId, _embedder.ModelId, cancellationToken).ConfigureAwait(false);
        prepareTime.Stop();
        VectorsLog.Prepared(_logger, repositoryId, prepared.Symbols, prepared.Unchanged, prepared.ReusedFromCache, prepared.Removed, prepared.Pending);

        var embedTime = Stopwatch.StartNew();
        var counts = new EmbedCounts();
        if (prepared.Pending > 0)
        {
            try
            {
                await EmbedPendingAsync(repositoryId, prepared.ChromaEnabled, counts, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                VectorsLog.Cancelled(_logger, repositoryId, counts.Texts);
                throw;
            }
        }

        embedTime.Stop();
        var pending = await PendingCountAsync(repositoryId, cancellationToken).ConfigureAwait(false);
        var result = new EmbeddingRunResult(prepared.Symbols, prepared.Unchanged, prepared.ReusedFromCache, counts.Texts, counts.Rows,
            prepared.Removed, pending, prepareTime.Elapsed, embedTime.Elapsed);
        VectorsLog.Finished(_logger, repositoryId, result.Embedded, (long)embedTime.Elapsed.TotalMilliseconds, result.TextsPerSecond, pending);
        return result;
    }

    /// <summary>Symbols of the repository whose vector is not computed yet (search reports it as "N symbols await embedding").</summary>
    public Task<int> PendingCountAsync(long repositoryId, CancellationToken cancellationToken = default) => CountPendingAsync(_dataSource, repositoryId, cancellationToken);

    internal static async Task<int> CountPendingAsync(NpgsqlDataSource dataSource, long repositoryId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await PipelineCommands.ScalarAsync<int>(PipelineCommands.Create(PipelineSql.PendingCount, connection, null, repositoryId), cancellationToken).ConfigureAwait(false);
    }

    private async Task EmbedPendingAsync(long repositoryId, bool chroma, EmbedCounts counts, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<IReadOnlyList<PendingText>>(new BoundedChannelOptions(_options.ChannelCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = new PendingTextReader(_dataSource, repositoryId, _embedder.ModelId, Math.Max(_options.PageSize, _options.BatchSize), _options.BatchSize);
        var producer = ProduceAsync(reader, channel.Writer, stop.Token);
        try
        {
            var writer = new VectorBatchWriter(_dataSource, repositoryId, _embedder.ModelId, _embedder.Dimension, chroma);
            Task? previousWrite = null;
            try
            {
                // Batch i is written while batch i+1 is embedded; each write is still its own transaction, awaited in order.
                await foreach (var batch in channel.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
                {
                    var vectors = await _embedder.EmbedAsync(batch.Select(t => t.Text).ToArray(), stop.Token).ConfigureAwait(false);
                    if (previousWrite is not null)
                    {
                        await previousWrite.ConfigureAwait(false);
                    }

                    previousWrite = WriteBatchAsync(writer, repositoryId, batch, vectors, counts, progress, stop.Token);
                }
            }
            finally
            {
                if (previousWrite is not null)
                {
                    await previousWrite.ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await producer.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The consumer ended first (done, failed or cancelled); its outcome is what propagates.
            }
        }
    }

    private async Task WriteBatchAsync(VectorBatchWriter writer, long repositoryId, IReadOnlyList<PendingText> batch, float[][] vectors, EmbedCounts counts, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var rows = await writer.WriteAsync(batch, vectors, cancellationToken).ConfigureAwait(false);
        counts.Texts += batch.Count;
        counts.Rows += rows;
        VectorsLog.BatchWritten(_logger, repositoryId, batch.Count, rows);
        progress?.Report(counts.Texts);
    }

    private static async Task ProduceAsync(PendingTextReader reader, ChannelWriter<IReadOnlyList<PendingText>> writer, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await foreach (var batch in reader.ReadBatchesAsync(cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            }

            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
            throw;
        }
    }

    /// <summary>Running totals of the embed phase.</summary>
    private sealed class EmbedCounts
    {
        public int Texts { get; set; }

        public int Rows { get; set; }
    }
}
