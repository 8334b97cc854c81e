using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Vectors.Pipeline;

/// <summary>Builds pipeline commands with the shared @repo/@model/@chroma parameters bound.</summary>
internal static class PipelineCommands
{
    public static NpgsqlCommand Create(string sql, NpgsqlConnection connection, NpgsqlTransaction? tx, long repositoryId, string? modelId = null, bool? chroma = null)
    {
        var command = new NpgsqlCommand(sql, connection, tx) { CommandTimeout = 0 };
        command.Parameters.Add(new NpgsqlParameter("repo", NpgsqlDbType.Bigint) { Value = repositoryId });
        if (modelId is not null)
        {
            command.Parameters.Add(new NpgsqlParameter("model", NpgsqlDbType.Text) { Value = modelId });
        }

        if (chroma is not null)
        {
            command.Parameters.Add(new NpgsqlParameter("chroma", NpgsqlDbType.Boolean) { Value = chroma.Value });
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is null or DBNull
                ? throw new InvalidOperationException($"Expected a value from: {command.CommandText}")
                : (T)value;
        }
    }
}
