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
        var bulk = prepared.Pending > 0 && await SuspendIndexForBulkAsync(prepared.Pending, cancellationToken).ConfigureAwait(false);
        var buildTime = TimeSpan.Zero;
        var embedded = false;
        try
        {
            if (prepared.Pending > 0)
            {
                await EmbedPendingAsync(repositoryId, prepared.ChromaEnabled, counts, progress, cancellationToken).ConfigureAwait(false);
            }

            embedded = true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            VectorsLog.Cancelled(_logger, repositoryId, counts.Texts);
            throw;
        }
        finally
        {
            embedTime.Stop();
            if (bulk)
            {
                buildTime = await RebuildIndexAsync(rethrow: embedded).ConfigureAwait(false);
            }
        }

        var pending = await PendingCountAsync(repositoryId, cancellationToken).ConfigureAwait(false);
        var result = new EmbeddingRunResult(prepared.Symbols, prepared.Unchanged, prepared.ReusedFromCache, counts.Texts, counts.Rows,
            prepared.Removed, pending, prepareTime.Elapsed, embedTime.Elapsed)
        {
            InferenceTime = counts.Inference,
            WriteWaitTime = counts.WriteWait,
            IndexRebuilt = bulk,
            Scoped = prepared.Scoped,
            IndexBuildTime = buildTime,
        };
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

    /// <summary>Drops the model's HNSW index when this run writes enough vectors (see <see cref="EmbeddingPipelineOptions.BulkIndexThreshold"/>); true when it did.</summary>
    private async Task<bool> SuspendIndexForBulkAsync(int pending, CancellationToken cancellationToken)
    {
        if (_options.BulkIndexThreshold == 0 || pending < _options.BulkIndexThreshold || _embedder.Dimension > VectorStoreSchema.MaxHnswDimension)
        {
            return false;
        }

        var stored = await _schema.StoredVectorCountAsync(_embedder.ModelId, cancellationToken).ConfigureAwait(false);
        return pending >= stored && await _schema.SuspendIndexAsync(_embedder.ModelId, _options.IndexLockTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the suspended index again, also after a failed or cancelled run (the index must not stay missing);
    /// a build failure propagates only when the embed phase itself succeeded, so it never hides the first error.</summary>
    private async Task<TimeSpan> RebuildIndexAsync(bool rethrow)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await _schema.RebuildIndexAsync(_embedder.ModelId, _embedder.Dimension, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (!rethrow && e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            VectorsLog.IndexRebuildFailed(_logger, e, _embedder.ModelId);
            return clock.Elapsed;
        }

        VectorsLog.IndexRebuilt(_logger, _embedder.ModelId, (long)clock.Elapsed.TotalMilliseconds);
        return clock.Elapsed;
    }

    private async Task EmbedPendingAsync(long repositoryId, bool chroma, EmbedCounts counts, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = new PendingTextReader(_dataSource, repositoryId, _embedder.ModelId, Math.Max(_options.PageSize, _options.BatchSize), _options.BatchSize, _embedder.CountTokens);
        var producer = Task.CompletedTask;
        var batches = reader.ReadBatchesAsync(stop.Token);
        if (_options.PrefetchTexts)
        {
            // The reader runs ahead on its own task, buffered by a bounded channel.
            var channel = Channel.CreateBounded<IReadOnlyList<PendingText>>(new BoundedChannelOptions(_options.ChannelCapacity)
            {
                SingleReader = true,
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            producer = ProduceAsync(reader, channel.Writer, stop.Token);
            batches = channel.Reader.ReadAllAsync(stop.Token);
        }
        try
        {
            var writer = new VectorBatchWriter(_dataSource, repositoryId, _embedder.ModelId, _embedder.Dimension, chroma);
            var texts = new List<PendingText>(_options.WriteBatchSize + _options.BatchSize);
            var computed = new List<float[]>(texts.Capacity);
            Task? previousWrite = null;
            try
            {
                await foreach (var batch in batches.ConfigureAwait(false))
                {
                    var inference = Stopwatch.GetTimestamp();
                    var vectors = await _embedder.EmbedAsync(batch.Select(t => t.Text).ToArray(), stop.Token).ConfigureAwait(false);
                    counts.Inference += Stopwatch.GetElapsedTime(inference);
                    texts.AddRange(batch);
                    computed.AddRange(vectors);
                    if (texts.Count < _options.WriteBatchSize)
                    {
                        continue;
                    }

                    previousWrite = await FlushAsync(previousWrite).ConfigureAwait(false);
                }

                if (texts.Count > 0)
                {
                    previousWrite = await FlushAsync(previousWrite).ConfigureAwait(false);
                }
            }
            finally
            {
                if (previousWrite is not null)
                {
                    await previousWrite.ConfigureAwait(false);
                }
            }

            // Writes the accumulated vectors as one transaction. With OverlapWrites the write runs while the next texts are embedded
            // (awaited before the following one starts, so writes stay in order); otherwise it completes before inference resumes.
            async Task<Task?> FlushAsync(Task? previous)
            {
                var wait = Stopwatch.GetTimestamp();
                if (previous is not null)
                {
                    await previous.ConfigureAwait(false);
                }

                var write = WriteBatchAsync(writer, repositoryId, texts.ToArray(), computed.ToArray(), counts, progress, stop.Token);
                texts.Clear();
                computed.Clear();
                if (!_options.OverlapWrites)
                {
                    await write.ConfigureAwait(false);
                    write = null;
                }

                counts.WriteWait += Stopwatch.GetElapsedTime(wait);
                return write;
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

        public TimeSpan Inference { get; set; }

        public TimeSpan WriteWait { get; set; }
    }
}
