using Npgsql;

namespace CodeIndex.Query;

/// <summary>A search statement prepared on its pooled connection: PostgreSQL parses and plans it once per physical connection and then
/// reuses the plan (Npgsql keeps prepared statements across pool returns), instead of planning it on every query.</summary>
/// <remarks>Planning the full-text and candidate statements costs about 1.5 ms each, as much as executing them on a small repository.
/// A one-shot process pays one extra round trip per statement for the preparation.</remarks>
internal sealed class PreparedCommand : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;

    private PreparedCommand(NpgsqlConnection connection, NpgsqlCommand command)
    {
        _connection = connection;
        Command = command;
    }

    public NpgsqlCommand Command { get; }

    /// <summary>Opens a pooled connection and prepares <paramref name="sql"/> with the parameters <paramref name="bind"/> adds (every parameter typed).</summary>
    public static async Task<PreparedCommand> OpenAsync(NpgsqlDataSource db, string sql, Action<NpgsqlParameterCollection> bind, CancellationToken cancellationToken)
    {
        var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var command = new NpgsqlCommand(sql, connection);
        try
        {
            bind(command.Parameters);
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            return new PreparedCommand(connection, command);
        }
        catch
        {
            await command.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Command.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
