using CodeIndex.Query.Tests.Search.Support;

namespace CodeIndex.Query.Tests.Search;

/// <summary>Search statements run prepared, with generic plans forced for their own transaction only.</summary>
[Collection(SearchCorpusCollection.Name)]
public sealed class PreparedCommandTests(SearchCorpus corpus)
{
    [Fact]
    public async Task ExecuteReaderAsync_StatementSeesGenericPlansAndItsOwnRows_PooledConnectionKeepsTheDefault()
    {
        for (var run = 0; run < 2; run++) // the second run reuses the statement prepared on the pooled connection
        {
            await using (var prepared = await PreparedCommand.OpenAsync(
                corpus.DataSource, "SELECT current_setting('plan_cache_mode'), @n::int + 1", p => p.Add(SqlParameters.Integer("n", run)), CancellationToken.None))
            await using (var reader = await prepared.ExecuteReaderAsync(CancellationToken.None))
            {
                Assert.True(await reader.ReadAsync());
                Assert.Equal("force_generic_plan", reader.GetString(0));
                Assert.Equal(run + 1, reader.GetInt32(1));
                Assert.False(await reader.ReadAsync());
            }

            await using var plain = corpus.DataSource.CreateCommand("SELECT current_setting('plan_cache_mode')");
            Assert.Equal("auto", await plain.ExecuteScalarAsync());
        }
    }
}
