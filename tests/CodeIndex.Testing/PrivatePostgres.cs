using CodeIndex.Storage.Embedded;
using CodeIndex.Storage.Migrations;
using Npgsql;

namespace CodeIndex.Testing;

/// <summary>
/// A PostgreSQL cluster of one test's own, with one migrated database, that the test may stop and start again (a database restart
/// under a running daemon); the shared cluster of <see cref="PostgresCluster"/> serves every other test and must stay up.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly EmbeddedPostgres _server;

    private PrivatePostgres(EmbeddedPostgres server, string connectionString)
    {
        _server = server;
        ConnectionString = connectionString;
    }

    /// <summary>Connection string of the cluster's test database.</summary>
    public string ConnectionString { get; }

    public static async Task<PrivatePostgres> StartAsync(CancellationToken cancellationToken = default)
    {
        // The shared cluster's prefix and this process id: PostgresCluster's orphan clean-up removes it if the test host is killed.
        var dir = Path.Combine("/tmp", $"codeindex-test-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        var server = EmbeddedPostgres.Throwaway(dir, EmbeddedPostgres.FindFreePort());
        var admin = await server.EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var create = new NpgsqlCommand("CREATE DATABASE private_test", connection);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = "private_test", Pooling = true }.ConnectionString;
        await using (var dataSource = CodeIndex.Storage.Connection.DatabaseConnector.Create(connectionString))
        {
            await new SchemaMigrator(dataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        return new PrivatePostgres(server, connectionString);
    }

    /// <summary>Stops the server (clients see their connections fail).</summary>
    public Task StopAsync() => _server.StopAsync();

    /// <summary>Starts the stopped server again, on the same port.</summary>
    public Task StartAgainAsync() => _server.EnsureStartedAsync();

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _server.StopAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_server.DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
