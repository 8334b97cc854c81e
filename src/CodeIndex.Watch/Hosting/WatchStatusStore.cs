using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Watch.Hosting;

/// <summary>
/// The <c>watch_daemons</c> row a running daemon keeps up to date (started, ready, last batch, files pending, last error), and
/// the reads of <c>status</c>: whether a daemon is alive comes from <c>pg_locks</c> (<see cref="DaemonLock"/>), never from the row.
/// </summary>
public sealed class WatchStatusStore(NpgsqlDataSource dataSource)
{
    // pg_locks lists every database's locks, and advisory locks are per database: the database must match, or a daemon of another
    // database on the same server (with the same repository id) would make this one look watched.
    private const string LiveLock = """
        EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                AND l.database = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
                AND l.classid = ((@ns >> 32) & 4294967295)::bigint::text::oid AND l.objid = (r.id & 4294967295)::bigint::text::oid)
        """;

    internal async Task StartedAsync(long repositoryId, string inputPath, CancellationToken cancellationToken) =>
        await ExecuteAsync("""
            INSERT INTO watch_daemons (repository_id, pid, host, input_path, started_at, ready_at, files_pending, batches, last_batch, last_batch_at, last_error, last_error_at, updated_at)
            VALUES (@repo, @pid, @host, @input, now(), NULL, 0, 0, NULL, NULL, NULL, NULL, now())
            ON CONFLICT (repository_id) DO UPDATE SET pid = excluded.pid, host = excluded.host, input_path = excluded.input_path,
                started_at = now(), ready_at = NULL, files_pending = 0, batches = 0, last_error = NULL, last_error_at = NULL, updated_at = now()
            """, repositoryId, c =>
            {
                c.Parameters.AddWithValue("pid", Environment.ProcessId);
                c.Parameters.AddWithValue("host", Environment.MachineName);
                c.Parameters.AddWithValue("input", inputPath);
            }, cancellationToken).ConfigureAwait(false);

    internal Task ReadyAsync(long repositoryId, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE watch_daemons SET ready_at = now(), updated_at = now() WHERE repository_id = @repo", repositoryId, null, cancellationToken);

    internal Task BatchAsync(long repositoryId, object summary, int pending, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            UPDATE watch_daemons SET last_batch = @batch::jsonb, last_batch_at = now(), batches = batches + 1, files_pending = @pending, updated_at = now()
            WHERE repository_id = @repo
            """, repositoryId, c =>
            {
                c.Parameters.AddWithValue("batch", JsonSerializer.Serialize(summary));
                c.Parameters.AddWithValue("pending", pending);
            }, cancellationToken);

    internal Task PendingAsync(long repositoryId, int pending, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE watch_daemons SET files_pending = @pending, updated_at = now() WHERE repository_id = @repo AND files_pending <> @pending",
            repositoryId, c => c.Parameters.AddWithValue("pending", pending), cancellationToken);

    internal Task ErrorAsync(long repositoryId, string error, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE watch_daemons SET last_error = @error, last_error_at = now(), updated_at = now() WHERE repository_id = @repo",
            repositoryId, c => c.Parameters.AddWithValue("error", error), cancellationToken);

    /// <summary>The daemon state of every repository (or one), with liveness from the lock.</summary>
    public async Task<IReadOnlyList<DaemonStatus>> ReadAsync(long? repositoryId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"""
            SELECT r.id, r.name, r.root_path, r.indexed_at, {LiveLock} AS live,
                   d.pid, d.host, d.started_at, d.ready_at, d.last_batch_at, d.last_batch::text, d.batches, d.files_pending, d.last_error, d.last_error_at
            FROM repositories r LEFT JOIN watch_daemons d ON d.repository_id = r.id
            WHERE @one::bigint IS NULL OR r.id = @one
            ORDER BY r.name
            """, connection);
        command.Parameters.AddWithValue("ns", DaemonLock.Namespace);
        command.Parameters.Add(new NpgsqlParameter("one", NpgsqlDbType.Bigint) { Value = (object?)repositoryId ?? DBNull.Value });
        var result = new List<DaemonStatus>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            DateTime? At(int i) => reader.IsDBNull(i) ? null : reader.GetDateTime(i);
            var live = reader.GetBoolean(4);
            result.Add(new DaemonStatus(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), At(3), live,
                live && !reader.IsDBNull(5) ? reader.GetInt32(5) : null,
                live && !reader.IsDBNull(6) ? reader.GetString(6) : null,
                live ? At(7) : null,
                live ? At(8) : null,
                At(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? 0 : reader.GetInt64(11),
                live && !reader.IsDBNull(12) ? reader.GetInt32(12) : 0,
                reader.IsDBNull(13) ? null : reader.GetString(13),
                At(14)));
        }

        return result;
    }

    /// <summary>Symbols awaiting embedding and Chroma outbox rows of a repository (what <c>status</c> and <c>index_status</c> report).</summary>
    public static async Task<(long Embeddings, long Outbox)> BacklogAsync(NpgsqlDataSource dataSource, long repositoryId, CancellationToken cancellationToken)
    {
        // Embedding backlog: embeddable symbols (source, not namespaces) without a current vector, from migration 007's exact counters,
        // plus the symbol keys graph writes logged as changed that the embedding step has not prepared yet (schema 011).
        await using var command = dataSource.CreateCommand("""
            SELECT (SELECT coalesce(sum(c.embeddable_symbols), 0) FROM search_symbol_counts c WHERE c.repository_id = $1)
                 - (SELECT coalesce(max(e.vectors - e.orphan_vectors), 0) FROM search_embedding_counts e WHERE e.repository_id = $1)
                 + (SELECT count(DISTINCT k.symbol_key) FROM embedding_changes k WHERE k.repository_id = $1),
                   (SELECT count(*) FROM chroma_outbox o WHERE o.repository_id = $1)
            """);
        command.Parameters.AddWithValue(repositoryId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetInt64(1));
    }

    internal static async Task<string> DescribeHolderAsync(NpgsqlDataSource dataSource, long repositoryId, CancellationToken cancellationToken)
    {
        var status = (await new WatchStatusStore(dataSource).ReadAsync(repositoryId, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        return status?.Pid is { } pid ? $"pid {pid} on {status.Host}, since {status.StartedAt:u}" : "a process that holds its lock";
    }

    private async Task ExecuteAsync(string sql, long repositoryId, Action<NpgsqlCommand>? bind, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("repo", repositoryId);
        bind?.Invoke(command);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>One repository's daemon state as <c>status</c> reports it.</summary>
/// <param name="Live">A daemon holds the repository's watch lock now (from <c>pg_locks</c>).</param>
public sealed record DaemonStatus(
    long RepositoryId,
    string Repository,
    string RootPath,
    DateTime? LastFullIndex,
    bool Live,
    int? Pid,
    string? Host,
    DateTime? StartedAt,
    DateTime? ReadyAt,
    DateTime? LastBatchAt,
    string? LastBatch,
    long Batches,
    int FilesPending,
    string? LastError,
    DateTime? LastErrorAt);
