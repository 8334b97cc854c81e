using CodeIndex.Cli.Tests.Support;
using CodeIndex.Mcp.Tests.Support;
using CodeIndex.Testing;

namespace CodeIndex.Mcp.Tests;

/// <summary>search through the server with the real embedding model (ONNX Runtime) on vectors written by a real index run.</summary>
public sealed class McpSearchTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Search_HybridUsesTheModel_ExactFindsTheName_AndWithoutAModelItSaysSo()
    {
        var root = RepoPaths.CopyFixture("Basic");
        try
        {
            var index = await CliRunner.RunAsync(database.ConnectionString, "index", Path.Combine(root, "Basic.sln"), "--json");
            Assert.True(index.ExitCode == 0, index.StdErr);
            await using var server = await McpServer.StartAsync(database.ConnectionString, root);
            var hybrid = await server.OkAsync("search", new { query = "format a greeting for a name" });
            Assert.True(hybrid.GetProperty("semanticUsed").GetBoolean());
            Assert.Equal(0, hybrid.GetProperty("pendingEmbeddings").GetInt32());
            var names = hybrid.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("symbol").GetProperty("qualifiedName").GetString()!).ToList();
            Assert.Contains(names.Take(5), n => n.StartsWith("Basic.Core.GreetingFormatter", StringComparison.Ordinal));

            var exact = await server.OkAsync("search", new { query = "LoudGreeter", mode = "exact", kinds = new[] { "class" } });
            Assert.Equal("T:Basic.App.LoudGreeter@Basic.App", exact.GetProperty("results")[0].GetProperty("symbol").GetProperty("handle").GetString());
            Assert.Equal("invalid_argument", (await server.ErrorAsync("search", new { query = "x", mode = "psychic" })).Code);
            Assert.Equal("empty_query", (await server.ErrorAsync("search", new { query = "  " })).Code);

            await using var lexical = await McpServer.StartAsync(database.ConnectionString, root, "--no-embed");
            var answer = await lexical.OkAsync("search", new { query = "format a greeting for a name" });
            Assert.False(answer.GetProperty("semanticUsed").GetBoolean());
            Assert.Contains(answer.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("--no-embed", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(root)!, recursive: true);
        }
    }
}
