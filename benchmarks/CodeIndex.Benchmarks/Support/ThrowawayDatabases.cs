using CodeIndex.Testing;
using Npgsql;

namespace CodeIndex.Benchmarks.Support;

/// <summary>Fresh, empty databases on the throwaway test cluster (never the user's default database); all dropped on dispose.</summary>
/// <remarks>The cluster is <see cref="PostgresCluster.SharedAsync"/>: started with fsync off in /tmp and deleted when this process exits.</remarks>
internal sealed class ThrowawayDatabases : IAsyncDisposable
{
    private readonly List<string> _names = [];
    private PostgresCluster? _cluster;

    /// <summary>Creates an empty database (no schema: the caller's own code migrates it) and returns its connection string.</summary>
    public async Task<string> CreateAsync(string prefix, CancellationToken cancellationToken)
    {
        _cluster ??= await PostgresCluster.SharedAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var name = $"bench_{prefix}_{Guid.NewGuid():N}"[..40];
        await using (var admin = new NpgsqlConnection(_cluster.AdminConnectionString))
        {
            await admin.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        _names.Add(name);
        return new NpgsqlConnectionStringBuilder(_cluster.AdminConnectionString) { Database = name, Pooling = true, CommandTimeout = 0 }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is null || _names.Count == 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_cluster.AdminConnectionString);
        await admin.OpenAsync().ConfigureAwait(false);
        foreach (var name in _names)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        _names.Clear();
    }
}
