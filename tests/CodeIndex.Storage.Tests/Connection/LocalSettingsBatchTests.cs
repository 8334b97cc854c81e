using CodeIndex.Storage.Connection;
using CodeIndex.Testing;
using Npgsql;

namespace CodeIndex.Storage.Tests.Connection;

/// <summary>Settings in a <see cref="LocalSettingsBatch"/> hold for its statement only, without a warning, on the same connection.</summary>
public sealed class LocalSettingsBatchTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task ExecuteReaderAsync_StatementSeesTheSettingsAndItsParameters_ConnectionKeepsItsDefaultsAndNoWarning()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        var notices = new List<string>();
        connection.Notice += (_, e) => notices.Add(e.Notice.MessageText);
        await connection.OpenAsync();
        var statement = new NpgsqlBatchCommand("SELECT current_setting('work_mem') || ' ' || current_setting('application_name') || ' ' || @n::text");
        statement.Parameters.AddWithValue("n", 7);

        await using (var batch = LocalSettingsBatch.Create(connection, [("work_mem", "7MB"), ("application_name", "it's local")], statement))
        await using (var reader = await LocalSettingsBatch.ExecuteReaderAsync(batch, CancellationToken.None))
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal("7MB it's local 7", reader.GetString(0));
            Assert.False(await reader.ReadAsync());
        }

        await using var after = new NpgsqlCommand("SELECT current_setting('work_mem') <> '7MB' AND current_setting('application_name') <> 'it''s local'", connection);
        Assert.Equal(true, await after.ExecuteScalarAsync());
        Assert.Empty(notices);
    }
}
