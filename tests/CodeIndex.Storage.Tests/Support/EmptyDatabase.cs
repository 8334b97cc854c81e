using CodeIndex.Testing;
using Npgsql;

namespace CodeIndex.Storage.Tests.Support;

/// <summary>A database with no migrations applied on the shared test cluster, dropped on dispose.</summary>
internal sealed class EmptyDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private EmptyDatabase(string admin, string name)
    {
        _admin = admin;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<EmptyDatabase> CreateAsync()
    {
        var admin = (await PostgresCluster.SharedAsync()).AdminConnectionString;
        var name = $"empty_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new EmptyDatabase(admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
