using Npgsql;

namespace CodeIndex.Storage.Connection;

/// <summary>A statement preceded by transaction-local settings in one batch: one round trip, one implicit transaction, which the settings
/// end with, so a pooled connection goes back at its defaults.</summary>
/// <remarks>The settings are one <c>SELECT set_config(name, value, true), …</c> with the names and values as parameters. <c>SET LOCAL</c>
/// outside an explicit transaction block applies too, but PostgreSQL logs a warning for each; and one statement is less work than several.</remarks>
public static class LocalSettingsBatch
{
    /// <summary>A batch on <paramref name="connection"/>: the settings, then <paramref name="statement"/>.</summary>
    public static NpgsqlBatch Create(NpgsqlConnection connection, IReadOnlyList<(string Name, string Value)> settings, NpgsqlBatchCommand statement)
    {
        ArgumentOutOfRangeException.ThrowIfZero(settings.Count);
        var set = new NpgsqlBatchCommand("SELECT " + string.Join(", ", settings.Select((_, i) => $"set_config(${(2 * i) + 1}, ${(2 * i) + 2}, true)")));
        foreach (var (name, value) in settings)
        {
            set.Parameters.Add(new NpgsqlParameter { Value = name, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            set.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        }

        var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(set);
        batch.BatchCommands.Add(statement);
        return batch;
    }

    /// <summary>Runs a batch of <see cref="Create"/> and returns a reader on the statement's rows (past the settings' row).</summary>
    public static async Task<NpgsqlDataReader> ExecuteReaderAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            return reader;
        }
        catch
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
