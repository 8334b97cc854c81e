using CodeIndex.Cli.Tests.Support;
using CodeIndex.Testing;

namespace CodeIndex.Cli.Tests;

/// <summary>Before embeddings exist (index --no-embed), search still answers lexically and says how many symbols wait.</summary>
public sealed class SearchBeforeEmbeddingTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Search_WithoutEmbeddings_AnswersLexicallyAndReportsPending()
    {
        var index = await CliRunner.RunAsync(database.ConnectionString, "index", RepoPaths.CopyFixture("Basic"), "--no-embed", "--json");
        Assert.True(index.ExitCode == 0, index.ToString());

        var result = await CliRunner.RunAsync(database.ConnectionString, "search", "greeting formatter", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.False(json.GetProperty("semanticUsed").GetBoolean());
        Assert.True(json.GetProperty("pendingEmbeddings").GetInt32() > 0, result.ToString());
        Assert.Contains(json.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("await embedding", StringComparison.Ordinal));
        Assert.Contains(json.GetProperty("results").EnumerateArray(), r => r.GetProperty("symbolKey").GetString() == "T:Basic.Core.GreetingFormatter");
    }
}
