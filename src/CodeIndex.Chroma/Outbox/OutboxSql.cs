using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Chroma.Outbox;

/// <summary>The SQL of <c>chroma_outbox</c>: lock due rows, remove completed ones, reschedule failed ones, count pending.</summary>
internal static class OutboxSql
{
    /// <summary>One locked outbox row. The operation column is only a hint: the drain reconciles each document with PostgreSQL's current state.</summary>
    internal sealed record Row(long Id, long RepositoryId, string ModelId, string DocumentId, int Attempts);

    /// <summary>Locks up to <paramref name="limit"/> rows due at <paramref name="now"/> (or all rows when <paramref name="includeDelayed"/>), skipping rows locked by another drainer and <paramref name="exclude"/>.</summary>
    public static async Task<List<Row>> LockDueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, bool includeDelayed, long[] exclude, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT id, repository_id, model_id, document_id, attempts FROM chroma_outbox
            WHERE (next_attempt_at <= $1 OR $2) AND NOT (id = ANY($3))
            ORDER BY next_attempt_at, id
            LIMIT $4
            FOR UPDATE SKIP LOCKED
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = includeDelayed, NpgsqlDbType = NpgsqlDbType.Boolean });
        command.Parameters.Add(new NpgsqlParameter { Value = exclude, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer });
        var rows = new List<Row>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new Row(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4)));
        }

        return rows;
    }

    public static async Task DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] ids, CancellationToken cancellationToken)
    {
        if (ids.Length == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand("DELETE FROM chroma_outbox WHERE id = ANY($1)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds one attempt to each row and stores its next attempt time and error.</summary>
    public static async Task RescheduleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] ids, DateTimeOffset[] nextAttempts, string[] errors, CancellationToken cancellationToken)
    {
        if (ids.Length == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand("""
            UPDATE chroma_outbox o
            SET attempts = o.attempts + 1, next_attempt_at = u.next_at, last_error = u.error
            FROM unnest($1::bigint[], $2::timestamptz[], $3::text[]) AS u(id, next_at, error)
            WHERE o.id = u.id
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = nextAttempts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = errors, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<bool> RepositoryExistsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long repositoryId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM repositories WHERE id = $1)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = repositoryId, NpgsqlDbType = NpgsqlDbType.Bigint });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public static async Task<long> CountAsync(NpgsqlDataSource dataSource, long? repositoryId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM chroma_outbox WHERE $1::bigint IS NULL OR repository_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)repositoryId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
