using CodeIndex.Core.Errors;
using CodeIndex.Storage.Connection;
using CodeIndex.Storage.Embedded;
using CodeIndex.Testing;
using Npgsql;

namespace CodeIndex.Storage.Tests.Connection;

/// <summary>Connectivity errors are actionable and never contain the password; a good target is migrated.</summary>
public sealed class DatabaseConnectorTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private const string Secret = "Zq9-secret-PW";

    [Fact]
    public async Task OpenAsync_ClosedPort_ThrowsDbUnreachableWithoutPassword()
    {
        var port = EmbeddedPostgres.FindFreePort();
        var error = await Assert.ThrowsAsync<OperationFailedException>(() =>
            DatabaseConnector.OpenAsync($"postgres://someone:{Secret}@127.0.0.1:{port}/x?connect_timeout=5"));
        Assert.Equal("db_unreachable", error.Code);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("To fix this", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_WrongPassword_ThrowsDbAuthFailedWithoutPassword()
    {
        var wrong = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Password = Secret }.ConnectionString;
        var error = await Assert.ThrowsAsync<OperationFailedException>(() => DatabaseConnector.OpenAsync(wrong));
        Assert.Equal("db_auth_failed", error.Code);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(fixture.ConnectionString).Password!, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_MissingDatabase_ThrowsDbNotFound()
    {
        var missing = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Database = "no_such_db_" + Guid.NewGuid().ToString("N")[..8] }.ConnectionString;
        var error = await Assert.ThrowsAsync<OperationFailedException>(() => DatabaseConnector.OpenAsync(missing));
        Assert.Equal("db_not_found", error.Code);
    }

    [Fact]
    public async Task OpenAsync_UriToFreshDatabase_AppliesMigrations()
    {
        await using var empty = await Support.EmptyDatabase.CreateAsync();
        var b = new NpgsqlConnectionStringBuilder(empty.ConnectionString);

        var uri = $"postgres://{b.Username}:{Uri.EscapeDataString(b.Password!)}@{b.Host}:{b.Port}/{b.Database}?sslmode=disable";
        await using var dataSource = await DatabaseConnector.OpenAsync(uri);
        await using var cmd = dataSource.CreateCommand("SELECT count(*) FROM schema_migrations WHERE checksum <> ''");
        Assert.Equal((long)CodeIndex.Storage.Migrations.Migration.LoadEmbedded().Count, await cmd.ExecuteScalarAsync());
    }
}
