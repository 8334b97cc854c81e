using CodeIndex.Storage.Migrations;
using CodeIndex.Storage.Tests.Support;
using CodeIndex.Testing;
using Npgsql;

namespace CodeIndex.Storage.Tests.Migrations;

/// <summary>Migrations are recorded, idempotent and safe to run concurrently.</summary>
public sealed class SchemaMigratorTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task MigrateAsync_AlreadyMigrated_AppliesNothingAndKeepsRecords()
    {
        var before = await Db.RowsAsync(fixture.DataSource, "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version");
        var applied = await new SchemaMigrator(fixture.DataSource).MigrateAsync();
        Assert.Empty(applied);
        Assert.Equal(before, await Db.RowsAsync(fixture.DataSource, "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version"));
        Assert.Equal(["1|schema", "2|vector"], await Db.RowsAsync(fixture.DataSource, "SELECT version, name FROM schema_migrations ORDER BY version LIMIT 2"));
    }

    [Fact]
    public async Task MigrateAsync_ConcurrentOnEmptyDatabase_AppliesEachOnce()
    {
        await using var empty = await EmptyDatabase.CreateAsync();
        var connectionString = empty.ConnectionString;

        await using var a = NpgsqlDataSource.Create(connectionString);
        await using var b = NpgsqlDataSource.Create(connectionString);
        var results = await Task.WhenAll(new SchemaMigrator(a).MigrateAsync(), new SchemaMigrator(b).MigrateAsync());

        Assert.Equal(Migration.LoadEmbedded().Select(m => m.Version), results.SelectMany(r => r).Order());
        Assert.Equal(Migration.LoadEmbedded().Count, await Db.CountAsync(a, "SELECT count(*) FROM schema_migrations"));
    }
}
