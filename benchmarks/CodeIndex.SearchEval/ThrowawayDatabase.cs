using CodeIndex.Testing;
using Npgsql;

namespace CodeIndex.SearchEval;

/// <summary>An empty database on the throwaway test cluster (never the user's default database), dropped on dispose.</summary>
internal sealed class ThrowawayDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private ThrowawayDatabase(string admin, string name, string connectionString)
    {
        _admin = admin;
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ThrowawayDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var cluster = await PostgresCluster.SharedAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var name = $"searcheval_{Guid.NewGuid():N}"[..36];
        await using (var admin = new NpgsqlConnection(cluster.AdminConnectionString))
        {
            await admin.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString) { Database = name, Pooling = true, CommandTimeout = 0 }.ConnectionString;
        return new ThrowawayDatabase(cluster.AdminConnectionString, name, connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_admin);
        await admin.OpenAsync().ConfigureAwait(false);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
