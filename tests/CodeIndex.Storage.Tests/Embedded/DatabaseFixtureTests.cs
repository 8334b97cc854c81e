using CodeIndex.Testing;
using Npgsql;

namespace CodeIndex.Storage.Tests.Embedded;

/// <summary>The shared fixture gives each class a fresh migrated database with pgvector.</summary>
public sealed class DatabaseFixtureTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task DataSource_FreshDatabase_HasSchemaAndVector()
    {
        await using var cmd = fixture.DataSource.CreateCommand(
            "SELECT (SELECT count(*) FROM schema_migrations), (SELECT count(*) FROM pg_extension WHERE extname = 'vector'), (SELECT count(*) FROM code_symbols)");
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetInt64(0) >= 2);
        Assert.Equal(1, reader.GetInt64(1));
        Assert.Equal(0, reader.GetInt64(2));
    }

    [Fact]
    public async Task CreateDatabaseAsync_TwoCalls_ReturnDistinctMigratedDatabases()
    {
        var a = await fixture.CreateDatabaseAsync("iso");
        var b = await fixture.CreateDatabaseAsync("iso");
        Assert.NotEqual(new NpgsqlConnectionStringBuilder(a).Database, new NpgsqlConnectionStringBuilder(b).Database);
        await using var dataSource = CodeIndex.Storage.Connection.DatabaseConnector.Create(b);
        await using var cmd = dataSource.CreateCommand("SELECT count(*) FROM repositories");
        Assert.Equal(0L, await cmd.ExecuteScalarAsync());
    }
}
