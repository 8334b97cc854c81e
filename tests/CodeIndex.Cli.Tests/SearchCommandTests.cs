using CodeIndex.Cli.Tests.Support;

namespace CodeIndex.Cli.Tests;

/// <summary>End-to-end search over the Basic fixture, embedded with the real model during indexing.</summary>
public sealed class SearchCommandTests(IndexedBasicFixture basic) : IClassFixture<IndexedBasicFixture>
{
    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync(basic.ConnectionString, args);

    [Fact]
    public async Task Search_Hybrid_FindsTheShoutingGreeterWithScores()
    {
        Assert.True(basic.FirstIndex.ExitCode == 0, basic.FirstIndex.ToString());
        var result = await Run("search", "shout the greeting", "--limit", "5", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal("hybrid", json.GetProperty("mode").GetString());
        Assert.True(json.GetProperty("semanticUsed").GetBoolean(), result.ToString());
        var hits = json.GetProperty("results").EnumerateArray().ToList();
        Assert.InRange(hits.Count, 1, 5);
        Assert.Contains(hits, h => h.GetProperty("symbolKey").GetString()!.StartsWith("T:Basic.App.LoudGreeter", StringComparison.Ordinal)
                                   || h.GetProperty("symbolKey").GetString()!.StartsWith("M:Basic.App.LoudGreeter", StringComparison.Ordinal));
        var scores = hits.Select(h => h.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.All(hits, h => Assert.False(string.IsNullOrEmpty(h.GetProperty("filePath").GetString())));
    }

    [Fact]
    public async Task Search_Exact_IsCaseInsensitiveOnNameAndQualifiedName()
    {
        var byName = await Run("search", "greetingformatter", "--mode", "exact", "--json");
        Assert.True(byName.ExitCode == 0, byName.ToString());
        Assert.Equal("T:Basic.Core.GreetingFormatter", byName.Json().GetProperty("results")[0].GetProperty("symbolKey").GetString());
        var byQualified = await Run("search", "BASIC.CORE.GREETER", "--mode", "exact", "--json");
        Assert.Equal("T:Basic.Core.Greeter", byQualified.Json().GetProperty("results")[0].GetProperty("symbolKey").GetString());
    }

    [Fact]
    public async Task Search_Fulltext_StemsAndSplitsIdentifiers()
    {
        var result = await Run("search", "formats greetings", "--mode", "fulltext", "--kind", "method", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var keys = result.Json().GetProperty("results").EnumerateArray().Select(r => r.GetProperty("symbolKey").GetString()).ToList();
        Assert.Contains("M:Basic.Core.GreetingFormatter.Format(System.String,System.String)", keys);
        Assert.All(result.Json().GetProperty("results").EnumerateArray(), r => Assert.Equal("method", r.GetProperty("kind").GetString()));
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("")]
    public async Task Search_EmptyQuery_ExitsTwo(string text)
    {
        var result = await Run("search", text, "--json");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("empty_query", result.Json().GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("greet & | ! :* ( )")]
    [InlineData("'; DROP TABLE code_symbols; --")]
    [InlineData("100% _under_ \\back")]
    public async Task Search_HostileText_IsAnsweredNotExecuted(string text)
    {
        var result = await Run("search", text, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var after = await Run("search", "Greeter", "--mode", "exact", "--json");
        Assert.Equal("T:Basic.Core.Greeter", after.Json().GetProperty("results")[0].GetProperty("symbolKey").GetString());
    }

    [Fact]
    public async Task Search_ChromaStoreWithoutUrl_ExitsTwo()
    {
        var result = await Run("search", "greeting", "--store", "chroma", "--json");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("chroma_not_configured", result.Json().GetProperty("error").GetProperty("code").GetString());
    }
}
