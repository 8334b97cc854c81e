using CodeIndex.Mcp.Serving;
using CodeIndex.Storage.Connection;
using CodeIndex.Testing;
using Npgsql;

namespace CodeIndex.Mcp.Tests;

/// <summary>The server's connection guarantees, on a real PostgreSQL: every statement read-only, none longer than the timeout, and both reported as tool errors.</summary>
public sealed class ReadOnlyConnectionTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task EveryStatementIsReadOnly_AndStopsAtTheTimeout_AsToolErrors()
    {
        await using var db = await DatabaseConnector.OpenReadOnlyAsync(database.ConnectionString, TimeSpan.FromMilliseconds(300), "codeindex-mcp-test");

        await using (var read = db.CreateCommand("SELECT count(*) FROM repositories"))
        {
            Assert.IsType<long>(await read.ExecuteScalarAsync());
        }

        await using (var write = db.CreateCommand("CREATE TABLE mcp_must_not_write (x int)"))
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => write.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, refused.SqlState);
        }

        await using (var slow = db.CreateCommand("SELECT pg_sleep(5)"))
        {
            var started = DateTime.UtcNow;
            var stopped = await Assert.ThrowsAsync<PostgresException>(() => slow.ExecuteScalarAsync());
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3));
            var (code, message, _) = ToolRunner.Describe(stopped);
            Assert.Equal("timeout", code);
            Assert.Contains("lower depth or limit", message);
        }
    }
}
