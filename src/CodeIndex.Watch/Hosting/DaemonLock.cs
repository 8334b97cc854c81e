using CodeIndex.Core.Errors;
using Npgsql;

namespace CodeIndex.Watch.Hosting;

/// <summary>
/// One daemon per repository: a session-level advisory lock held on a connection of its own for the daemon's lifetime. Its key
/// ("CIDW" ^ repository id) differs from the write sessions' ("CIDX" ^ id), so the daemon's own batches never wait on it.
/// Liveness is what PostgreSQL says (<c>pg_locks</c>): a <c>kill -9</c> closes the connection and frees the lock.
/// </summary>
internal sealed class DaemonLock : IAsyncDisposable
{
    /// <summary>High 32 bits of the daemon lock key ("CIDW").</summary>
    public const long Namespace = 0x43494457L << 32;

    private readonly NpgsqlDataSource _dataSource;
    private readonly long _repositoryId;
    private NpgsqlConnection? _connection;

    private DaemonLock(NpgsqlDataSource dataSource, long repositoryId)
    {
        _dataSource = dataSource;
        _repositoryId = repositoryId;
    }

    public static long Key(long repositoryId) => Namespace ^ repositoryId;

    /// <summary>Takes the lock or fails with <c>watch_in_progress</c> (exit 2) naming what holds it.</summary>
    public static async Task<DaemonLock> AcquireAsync(NpgsqlDataSource dataSource, long repositoryId, string repositoryName, CancellationToken cancellationToken)
    {
        var held = new DaemonLock(dataSource, repositoryId);
        if (!await held.TryTakeAsync(cancellationToken).ConfigureAwait(false))
        {
            var holder = await WatchStatusStore.DescribeHolderAsync(dataSource, repositoryId, cancellationToken).ConfigureAwait(false);
            throw new UserInputException("watch_in_progress",
                $"Repository '{repositoryName}' is already watched by another codeindex watch ({holder}). To fix this, stop that daemon, or query the index it keeps ('codeindex status').");
        }

        return held;
    }

    /// <summary>After a database restart the lock's connection is gone: takes it again (false when another daemon took it meanwhile).</summary>
    public async Task<bool> EnsureHeldAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: System.Data.ConnectionState.Open })
        {
            try
            {
                await using var ping = new NpgsqlCommand("SELECT 1", _connection);
                await ping.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (NpgsqlException)
            {
            }
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }

        return await TryTakeAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            // Unlocked explicitly: a pooled connection goes back to the pool with its session (and the lock) alive until reused.
            try
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
                unlock.Parameters.AddWithValue("key", Key(_repositoryId));
                await unlock.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // The connection is broken: its session, and the lock with it, is gone already.
            }

            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }

    private async Task<bool> TryTakeAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", Key(_repositoryId));
        if ((bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
        {
            _connection = connection;
            return true;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return false;
    }
}
