using System.Globalization;
using CodeIndex.Core.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Vectors.Storage;

/// <summary>Start-up checks of the vector store: registers the model, refuses a dimension that differs from stored vectors, creates the model's HNSW index; and resets a repository's vectors.</summary>
public sealed class VectorStoreSchema(NpgsqlDataSource dataSource, ILogger? logger = null)
{
    /// <summary>pgvector's HNSW index accepts <c>vector</c> columns of at most this many dimensions; larger models are searched exactly.</summary>
    public const int MaxHnswDimension = 2000;

    /// <summary>Advisory lock key serialising model registration and index creation across processes ("CIVECSCH").</summary>
    private const long SchemaLockKey = 0x4349564543534348;

    /// <summary>maintenance_work_mem of an index build: pgvector builds HNSW in memory while the graph fits (100k 512-d vectors need about 300 MB), much faster than on disk.</summary>
    private const string BuildMemory = "512MB";

    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>Registers <paramref name="modelId"/> with <paramref name="dimension"/> and creates its HNSW index if missing; throws <c>embedding_dimension_mismatch</c>
    /// when the database knows this model with another dimension, or (with <paramref name="repositoryId"/>) holds that repository's vectors from a model of another dimension.</summary>
    public async Task EnsureModelAsync(string modelId, int dimension, long? repositoryId = null, CancellationToken cancellationToken = default)
    {
        ModelIdentifier.Validate(modelId);
        ModelIdentifier.Dimension(dimension);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({SchemaLockKey})", cancellationToken).ConfigureAwait(false);

        await using (var register = new NpgsqlCommand("""
            WITH inserted AS (INSERT INTO embedding_models (model_id, dimension) VALUES ($1, $2) ON CONFLICT (model_id) DO NOTHING RETURNING dimension)
            SELECT dimension FROM inserted UNION ALL SELECT dimension FROM embedding_models WHERE model_id = $1 LIMIT 1
            """, connection, tx))
        {
            register.Parameters.Add(new() { Value = modelId, NpgsqlDbType = NpgsqlDbType.Text });
            register.Parameters.Add(new() { Value = dimension, NpgsqlDbType = NpgsqlDbType.Integer });
            var stored = (int)(await register.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            if (stored != dimension)
            {
                throw new OperationFailedException("embedding_dimension_mismatch",
                    $"The database holds vectors of model '{modelId}' with dimension {stored}, but the model loaded now produces {dimension}-dimensional vectors under the same id. "
                    + $"To fix this, give the new model its own \"id\" in its manifest.json (vectors are stored per model id), or drop the old vectors of '{modelId}' (VectorStoreSchema.DropModelAsync, which also empties its embedding cache) and re-index.");
            }
        }

        if (repositoryId is { } repo)
        {
            await CheckRepositoryAsync(connection, tx, repo, modelId, dimension, cancellationToken).ConfigureAwait(false);
        }

        await EnsureHnswIndexAsync(connection, tx, modelId, dimension, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the repository's embedding rows (Chroma deletes are queued by trigger) so the next pipeline run recomputes them with the current model; returns rows deleted.</summary>
    public async Task<int> ResetAsync(long repositoryId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM symbol_embeddings WHERE repository_id = $1");
        command.Parameters.Add(new() { Value = repositoryId, NpgsqlDbType = NpgsqlDbType.Bigint });
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        // The next prepare covers the whole repository (with no rows left it would anyway; the log says so explicitly).
        await using var log = dataSource.CreateCommand("INSERT INTO embedding_changes (repository_id, symbol_key) VALUES ($1, '')");
        log.Parameters.Add(new() { Value = repositoryId, NpgsqlDbType = NpgsqlDbType.Bigint });
        await log.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        VectorsLog.Reset(_logger, repositoryId, deleted);
        return deleted;
    }

    /// <summary>Forgets a model: its registration, cached vectors, symbol vectors (cascade) and HNSW index; false when it was not registered.</summary>
    public async Task<bool> DropModelAsync(string modelId, CancellationToken cancellationToken = default)
    {
        var index = ModelIdentifier.HnswIndexName(modelId);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({SchemaLockKey})", cancellationToken).ConfigureAwait(false);
        int deleted;
        await using (var delete = new NpgsqlCommand("DELETE FROM embedding_models WHERE model_id = $1", connection, tx))
        {
            delete.Parameters.Add(new() { Value = modelId, NpgsqlDbType = NpgsqlDbType.Text });
            deleted = await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, tx, $"DROP INDEX IF EXISTS {index}", cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted > 0;
    }

    /// <summary>Vectors of <paramref name="modelId"/> stored in the database (every repository): what an HNSW rebuild would have to index.</summary>
    public async Task<long> StoredVectorCountAsync(string modelId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM symbol_embeddings WHERE model_id = $1 AND embedding IS NOT NULL");
        command.Parameters.Add(new() { Value = modelId, NpgsqlDbType = NpgsqlDbType.Text });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Drops the model's HNSW index before a bulk load, so vectors are written unindexed and the index is built once afterwards
    /// (<see cref="RebuildIndexAsync"/>): pgvector builds an index several times faster than it maintains one row by row.
    /// Returns false, changing nothing, when the drop cannot get its table lock within <paramref name="lockTimeout"/> (another long write holds it).</summary>
    /// <remarks>While the index is absent, semantic search still answers correctly, by an exact scan.</remarks>
    public async Task<bool> SuspendIndexAsync(string modelId, TimeSpan lockTimeout, CancellationToken cancellationToken = default)
    {
        var index = ModelIdentifier.HnswIndexName(modelId);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({SchemaLockKey})", cancellationToken).ConfigureAwait(false);
        var ms = ((long)Math.Max(1, lockTimeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        await ExecuteAsync(connection, tx, $"SET LOCAL lock_timeout = {ms}", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, tx, $"DROP INDEX IF EXISTS {index}", cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            VectorsLog.IndexKept(_logger, index, (long)lockTimeout.TotalMilliseconds);
            return false;
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        VectorsLog.IndexSuspended(_logger, index, modelId);
        return true;
    }

    /// <summary>Creates the model's HNSW index if it is missing (after <see cref="SuspendIndexAsync"/>), with enough maintenance memory for an in-memory build,
    /// and with <see cref="ParallelBuildWorkers"/> parallel workers: the embedding run that calls this has finished inference, so the cores are free.</summary>
    /// <remarks>PostgreSQL gives a small table no build workers of its own accord, so the table's <c>parallel_workers</c> is set for the build and reset in the
    /// same transaction (no other session ever sees it). A parallel build keeps the graph in dynamic shared memory; when the parallel attempt fails
    /// (e.g. a small /dev/shm in a container, or a role that does not own the table), the build is retried serially.</remarks>
    public async Task RebuildIndexAsync(string modelId, int dimension, CancellationToken cancellationToken = default)
    {
        ModelIdentifier.Validate(modelId);
        ModelIdentifier.Dimension(dimension);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({SchemaLockKey})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, tx, $"SET LOCAL maintenance_work_mem = '{BuildMemory}'", cancellationToken).ConfigureAwait(false);
        if (ParallelBuildWorkers > 0)
        {
            var workers = ParallelBuildWorkers.ToString(CultureInfo.InvariantCulture);
            await tx.SaveAsync("parallel_build", cancellationToken).ConfigureAwait(false);
            try
            {
                await ExecuteAsync(connection, tx, $"ALTER TABLE symbol_embeddings SET (parallel_workers = {workers})", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, tx, $"SET LOCAL max_parallel_maintenance_workers = {workers}", cancellationToken).ConfigureAwait(false);
                await EnsureHnswIndexAsync(connection, tx, modelId, dimension, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, tx, "ALTER TABLE symbol_embeddings RESET (parallel_workers)", cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState != PostgresErrorCodes.QueryCanceled)
            {
                await tx.RollbackAsync("parallel_build", cancellationToken).ConfigureAwait(false);
                VectorsLog.ParallelBuildFailed(_logger, modelId, e.MessageText);
            }
        }

        await EnsureHnswIndexAsync(connection, tx, modelId, dimension, cancellationToken).ConfigureAwait(false); // serial: no-op when the parallel build made it
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parallel workers of <see cref="RebuildIndexAsync"/> besides the leader: one per further core, at most 3 (0 on one core).
    /// On 2 cores one worker built 2,000 512-d vectors in 0.62–0.72 s instead of 1.1–1.3 s.</summary>
    internal int ParallelBuildWorkers { get; init; } = Math.Clamp(Environment.ProcessorCount - 1, 0, 3);

    private static async Task CheckRepositoryAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long repositoryId, string modelId, int dimension, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT model_id, dimension, count(*) FROM symbol_embeddings
            WHERE repository_id = $1 AND embedding IS NOT NULL AND model_id <> $2 AND dimension <> $3
            GROUP BY model_id, dimension ORDER BY count(*) DESC LIMIT 1
            """, connection, tx);
        command.Parameters.Add(new() { Value = repositoryId, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = modelId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = dimension, NpgsqlDbType = NpgsqlDbType.Integer });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var (otherModel, otherDimension, count) = (reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2));
            throw new OperationFailedException("embedding_dimension_mismatch",
                $"Repository {repositoryId} holds {count} vectors of model '{otherModel}' ({otherDimension} dimensions), but the model loaded now, '{modelId}', produces {dimension}-dimensional vectors; "
                + "the two cannot be searched together. To fix this, re-embed the repository with the new model: run `codeindex index <path> --reembed` "
                + $"(VectorStoreSchema.ResetAsync({repositoryId}) clears its vectors so they are recomputed), or configure model '{otherModel}' again.");
        }
    }

    private async Task EnsureHnswIndexAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string modelId, int dimension, CancellationToken cancellationToken)
    {
        if (dimension > MaxHnswDimension)
        {
            VectorsLog.NoHnswIndex(_logger, modelId, dimension, MaxHnswDimension);
            return;
        }

        var index = ModelIdentifier.HnswIndexName(modelId);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection, tx))
        {
            exists.Parameters.Add(new() { Value = index, NpgsqlDbType = NpgsqlDbType.Text });
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return; // CREATE INDEX IF NOT EXISTS would still take a SHARE lock on the table and wait for running index writes.
            }
        }

        // Identifiers and literals are validated ([a-z0-9_.-] model id, integer dimension); DDL cannot take parameters.
        var n = dimension.ToString(CultureInfo.InvariantCulture);
        await ExecuteAsync(connection, tx,
            $"CREATE INDEX IF NOT EXISTS {index} ON symbol_embeddings USING hnsw ((embedding::vector({n})) vector_cosine_ops) WHERE model_id = {ModelIdentifier.Literal(modelId)}",
            cancellationToken).ConfigureAwait(false);
        VectorsLog.CreatedIndex(_logger, index, modelId, dimension);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
