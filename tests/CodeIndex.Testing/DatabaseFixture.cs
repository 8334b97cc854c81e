using CodeIndex.Storage.Migrations;
using Npgsql;
using Xunit;

namespace CodeIndex.Testing;

/// <summary>A fresh, migrated database per test class (use as <c>IClassFixture&lt;DatabaseFixture&gt;</c>); dropped on dispose with any extra databases it created.</summary>
public sealed class DatabaseFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly List<string> _databases = [];
    private readonly Lock _gate = new();
    private PostgresCluster? _cluster;
    private string? _connectionString;
    private NpgsqlDataSource? _dataSource;

    /// <summary>Connection string of this fixture's database.</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("DatabaseFixture is not initialised: expected InitializeAsync to have run (use it as IClassFixture<DatabaseFixture>).");

    /// <summary>A data source for this fixture's database.</summary>
    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("DatabaseFixture is not initialised: expected InitializeAsync to have run (use it as IClassFixture<DatabaseFixture>).");

    public async Task InitializeAsync()
    {
        _connectionString = await CreateDatabaseAsync("t").ConfigureAwait(false);
        _dataSource = CodeIndex.Storage.Connection.DatabaseConnector.Create(_connectionString);
    }

    /// <summary>Creates another fresh database with migrations applied; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null, CancellationToken ct = default)
    {
        _cluster ??= await PostgresCluster.SharedAsync().ConfigureAwait(false);
        var name = $"{Sanitize(prefix ?? "t")}_{Guid.NewGuid():N}"[..Math.Min(63, Sanitize(prefix ?? "t").Length + 33)];
        await using (var admin = new NpgsqlConnection(_cluster.AdminConnectionString))
        {
            await admin.OpenAsync(ct).ConfigureAwait(false);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        lock (_gate)
        {
            _databases.Add(name);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(_cluster.AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
        await using var dataSource = CodeIndex.Storage.Connection.DatabaseConnector.Create(connectionString);
        await new SchemaMigrator(dataSource).MigrateAsync(ct).ConfigureAwait(false);
        return connectionString;
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
            _dataSource = null;
        }

        string[] names;
        lock (_gate)
        {
            names = [.. _databases];
            _databases.Clear();
        }

        if (_cluster is null || names.Length == 0)
        {
            return;
        }

        foreach (var name in names)
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_cluster.AdminConnectionString) { Database = name, Pooling = true }.ConnectionString));
        }

        await using var admin = new NpgsqlConnection(_cluster.AdminConnectionString);
        await admin.OpenAsync().ConfigureAwait(false);
        foreach (var name in names)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync().ConfigureAwait(false);

    private static string Sanitize(string prefix)
    {
        var chars = prefix.ToLowerInvariant().Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_').Take(24).ToArray();
        return chars.Length == 0 || !char.IsLetter(chars[0]) ? "t" + new string(chars) : new string(chars);
    }
}
