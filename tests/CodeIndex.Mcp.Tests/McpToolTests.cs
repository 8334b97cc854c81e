using System.Text.Json;
using CodeIndex.Mcp.Tests.Support;
using ModelContextProtocol;

namespace CodeIndex.Mcp.Tests;

/// <summary>Every tool through the SDK's client against a real <c>codeindex mcp</c> process on an indexed fixture.</summary>
public sealed class McpToolTests(IndexedFixture fixture) : IClassFixture<IndexedFixture>
{
    private const string Format = "M:Basic.Core.GreetingFormatter.Format(System.String,System.String)";
    private const string Greet = "M:Basic.Core.Greeter.Greet(System.String)";
    private const string Main = "M:Basic.App.Program.Main(System.String[])";

    private static string[] Handles(JsonElement results) =>
        [.. results.EnumerateArray().Select(r => (r.TryGetProperty("symbol", out var s) ? s : r).GetProperty("handle").GetString()!)];

    [Fact]
    public async Task ListTools_HasEveryToolWithADescriptionAndASchema()
    {
        var tools = await fixture.Basic.Client.ListToolsAsync();
        var names = tools.Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["call_path", "callees", "callers", "get_symbol", "hierarchy", "impact", "index_status", "references", "search", "symbols_at"], names);
        foreach (var tool in tools)
        {
            Assert.True(tool.Description.Length > 80, $"{tool.Name}: description too short for a model: {tool.Description}");
            Assert.Equal("object", tool.JsonSchema.GetProperty("type").GetString());
        }

        var callers = tools.Single(t => t.Name == "callers").JsonSchema;
        Assert.Equal(["symbol"], callers.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("integer", callers.GetProperty("properties").GetProperty("depth").GetProperty("type").EnumerateArray().First().GetString());
    }

    [Fact]
    public async Task Callers_AreTransitiveWithPathsOfHandles_AndDispatchReachesThroughTheInterface()
    {
        var plain = await fixture.Basic.OkAsync("callers", new { symbol = Format });
        Assert.Equal([$"{Greet}@Basic.Core"], Handles(plain.GetProperty("results")));
        Assert.Equal(1, plain.GetProperty("results")[0].GetProperty("depth").GetInt32());

        var dispatch = await fixture.Basic.OkAsync("callers", new { symbol = Format, dispatch = true, depth = 5 });
        var results = dispatch.GetProperty("results").EnumerateArray().ToList();
        var loud = results.Single(r => r.GetProperty("symbol").GetProperty("qualifiedName").GetString() == "Basic.App.LoudGreeter.Greet");
        Assert.Equal(3, loud.GetProperty("depth").GetInt32());
        Assert.Equal(
            [$"{Format}@Basic.Core", $"{Greet}@Basic.Core", "M:Basic.Core.IGreeter.Greet(System.String)@Basic.Core", "M:Basic.App.LoudGreeter.Greet(System.String)@Basic.App"],
            loud.GetProperty("path").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Contains(results, r => r.GetProperty("symbol").GetProperty("qualifiedName").GetString() == "Basic.App.Program.Main");
    }

    [Fact]
    public async Task AHandleFromSearch_IsAcceptedByEveryTool()
    {
        var search = await fixture.Basic.OkAsync("search", new { query = "Greeter", mode = "exact" });
        var handle = Handles(search.GetProperty("results")).Single(h => h == "T:Basic.Core.Greeter@Basic.Core");
        var greet = $"{Greet}@Basic.Core";

        var symbol = await fixture.Basic.OkAsync("get_symbol", new { symbol = handle });
        Assert.Equal(handle, symbol.GetProperty("symbols")[0].GetProperty("symbol").GetProperty("handle").GetString());
        Assert.Contains("public class Greeter : IGreeter", symbol.GetProperty("symbols")[0].GetProperty("source").GetProperty("source").GetString());
        Assert.Contains("Greets people politely", symbol.GetProperty("symbols")[0].GetProperty("documentation").GetString());

        var hierarchy = await fixture.Basic.OkAsync("hierarchy", new { symbol = handle, direction = "up" });
        Assert.Contains("T:Basic.Core.IGreeter@Basic.Core", Handles(hierarchy.GetProperty("results")));
        var references = await fixture.Basic.OkAsync("references", new { symbol = handle });
        Assert.Contains(references.GetProperty("sites").EnumerateArray(), s => s.GetProperty("by").GetProperty("handle").GetString() == $"{Main}@Basic.App");
        var impact = await fixture.Basic.OkAsync("impact", new { symbol = handle });
        Assert.Contains(impact.GetProperty("groups").EnumerateArray(), g => g.GetProperty("project").GetString() == "Basic.App");

        var callees = await fixture.Basic.OkAsync("callees", new { symbol = greet });
        Assert.Contains($"{Format}@Basic.Core", Handles(callees.GetProperty("results")));
        var callers = await fixture.Basic.OkAsync("callers", new { symbol = greet, dispatch = true });
        Assert.Contains("M:Basic.Core.IGreeter.Greet(System.String)@Basic.Core", Handles(callers.GetProperty("results")));
        var path = await fixture.Basic.OkAsync("call_path", new { from = $"{Main}@Basic.App", to = $"{Format}@Basic.Core", dispatch = true, depth = 6 });
        Assert.True(path.GetProperty("found").GetBoolean());
        Assert.Equal($"{Main}@Basic.App", Handles(path.GetProperty("path"))[0]);
        Assert.Equal($"{Format}@Basic.Core", Handles(path.GetProperty("path"))[^1]);

        var line = symbol.GetProperty("symbols")[0].GetProperty("symbol").GetProperty("line").GetInt32();
        var at = await fixture.Basic.OkAsync("symbols_at", new { file = "Basic.Core/Greeter.cs", line });
        Assert.Equal(handle, Handles(at.GetProperty("symbols"))[0]);
        var atAbsolute = await fixture.Basic.OkAsync("symbols_at", new { file = Path.Combine(fixture.BasicRoot, "Basic.Core", "Greeter.cs"), line });
        Assert.Equal(handle, Handles(atAbsolute.GetProperty("symbols"))[0]);
    }

    [Fact]
    public async Task References_CarryTheirAccess_AndFilterByIt()
    {
        var all = await fixture.Basic.OkAsync("references", new { symbol = "Basic.Core.Greeter.Count" });
        var sites = all.GetProperty("sites").EnumerateArray().ToList();
        Assert.Contains(sites, s => s.GetProperty("access").GetString() == "read_write" && s.GetProperty("by").GetProperty("qualifiedName").GetString() == "Basic.Core.Greeter.Greet");
        var writes = await fixture.Basic.OkAsync("references", new { symbol = "Basic.Core.Greeter.Count", access = new[] { "read_write" } });
        Assert.All(writes.GetProperty("sites").EnumerateArray(), s => Assert.Equal("read_write", s.GetProperty("access").GetString()));
        var (code, message, _) = await fixture.Basic.ErrorAsync("references", new { symbol = "Basic.Core.Greeter.Count", access = new[] { "poke" } });
        Assert.Equal("invalid_access", code);
        Assert.Contains("read_write", message);
    }

    [Fact]
    public async Task HugeLimitsAndDepths_AreClampedAndSaidSo()
    {
        var json = await fixture.Basic.OkAsync("callees", new { symbol = Main, limit = 100_000, depth = 99 });
        var notices = json.GetProperty("notices").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Contains(notices, n => n.Contains("limit 100000 is above the maximum 500", StringComparison.Ordinal));
        Assert.Contains(notices, n => n.Contains("depth 99 is above the maximum 10", StringComparison.Ordinal));
        Assert.Equal(10, json.GetProperty("depth").GetInt32());
        var zero = await fixture.Basic.OkAsync("callees", new { symbol = Main, limit = 0 });
        Assert.Contains(zero.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("limit 0 is below 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pages_FollowOneStableOrder_AndACursorBelongsToItsQuestion()
    {
        var whole = await fixture.Basic.OkAsync("callees", new { symbol = Main, depth = 4 });
        var expected = Handles(whole.GetProperty("results"));
        Assert.True(expected.Length >= 4, string.Join(", ", expected));
        Assert.False(whole.GetProperty("truncated").GetBoolean());

        var paged = new List<string>();
        string? cursor = null;
        for (var i = 0; i < expected.Length + 2; i++)
        {
            var page = await fixture.Basic.OkAsync("callees", new { symbol = Main, depth = 4, limit = 2, cursor });
            paged.AddRange(Handles(page.GetProperty("results")));
            if (!page.GetProperty("truncated").GetBoolean())
            {
                Assert.False(page.TryGetProperty("next", out _));
                break;
            }

            cursor = page.GetProperty("next").GetProperty("cursor").GetString();
        }

        Assert.Equal(expected, paged);
        var (code, _, _) = await fixture.Basic.ErrorAsync("callers", new { symbol = Main, depth = 4, limit = 2, cursor });
        Assert.Equal("invalid_cursor", code);
        Assert.Equal("invalid_cursor", (await fixture.Basic.ErrorAsync("callees", new { symbol = Main, cursor = "garbage" })).Code);
    }

    [Fact]
    public async Task UnknownSymbol_IsAToolErrorWithTheNearestNames()
    {
        var (code, message, error) = await fixture.Basic.ErrorAsync("callers", new { symbol = "Greter" });
        Assert.Equal("symbol_not_found", code);
        Assert.Contains("Greeter", message);
        Assert.Contains(error.GetProperty("nearest").EnumerateArray(), n => n.GetString()!.Contains("Greeter", StringComparison.Ordinal));
        Assert.Equal("symbol_not_found", (await fixture.Basic.ErrorAsync("get_symbol", new { symbol = "M:Nope.Nothing@Basic.Core" })).Code);
    }

    [Fact]
    public async Task WrongArgumentTypes_AreToolErrorsAndTheServerStaysUp()
    {
        var (code, message, _) = await fixture.Basic.ErrorAsync("callers", new { symbol = Format, depth = "deep" });
        Assert.Equal("invalid_argument", code);
        Assert.Contains("Argument 'depth' of callers must be integer (or omitted); got the string \"deep\"", message);
        Assert.Contains("needs the argument 'symbol'", (await fixture.Basic.ErrorAsync("callers", new { depth = 2 })).Message);
        Assert.Contains("has no argument 'symbl'", (await fixture.Basic.ErrorAsync("callers", new { symbl = Format })).Message);
        Assert.Equal("invalid_argument", (await fixture.Basic.ErrorAsync("references", new { symbol = Format, access = "read" })).Code);
        var (direction, _, _) = await fixture.Basic.ErrorAsync("hierarchy", new { symbol = "Basic.Core.Greeter", direction = "sideways" });
        Assert.Equal("invalid_argument", direction);
        await fixture.Basic.OkAsync("callers", new { symbol = Format });
    }

    [Fact]
    public async Task UnknownTool_IsAProtocolErrorAndTheServerStaysUp()
    {
        await Assert.ThrowsAnyAsync<McpException>(() => fixture.Basic.Client.CallToolAsync("no_such_tool", new Dictionary<string, object?>()).AsTask());
        await fixture.Basic.OkAsync("index_status");
    }

    [Fact]
    public async Task EveryAnswer_ReportsTheIndexStateItWasReadFrom()
    {
        var json = await fixture.Basic.OkAsync("callers", new { symbol = Format });
        var index = json.GetProperty("index");
        Assert.Equal("Basic", index.GetProperty("repository").GetString());
        Assert.Equal("none", index.GetProperty("watchedBy").GetString());
        Assert.False(index.GetProperty("upToDate").GetBoolean());
        Assert.True(index.GetProperty("indexedAt").GetDateTime() > DateTime.UtcNow.AddHours(-1));

        var status = await fixture.Basic.OkAsync("index_status");
        var repo = status.GetProperty("repositories").EnumerateArray().Single();
        Assert.Equal("Basic", repo.GetProperty("index").GetProperty("repository").GetString());
        Assert.True(repo.GetProperty("symbols").GetInt64() > 10);
    }

    [Fact]
    public async Task GetSymbol_OfAnOverloadName_AnswersForEveryOverload_AndCallersCoverThemAll()
    {
        await using var server = await McpServer.StartAsync(fixture.ConnectionString, fixture.TwinsRoot, "--no-embed");
        var symbol = await server.OkAsync("get_symbol", new { symbol = "Twins.Alpha.AlphaUser.Scale" });
        Assert.Equal(2, symbol.GetProperty("symbols").GetArrayLength());
        var callers = await server.OkAsync("callers", new { symbol = "Twins.Alpha.AlphaUser.Scale" });
        Assert.Equal(2, callers.GetProperty("start").GetArrayLength());
        Assert.Equal(["M:Twins.Alpha.AlphaUser.Run(System.Int32)@Twins.Alpha"], Handles(callers.GetProperty("results")));

        var recursive = await server.OkAsync("callers", new { symbol = "Twins.Alpha.AlphaUser.Countdown" });
        var self = Assert.Single(recursive.GetProperty("results").EnumerateArray());
        Assert.Equal("M:Twins.Alpha.AlphaUser.Countdown(System.Int32)@Twins.Alpha", self.GetProperty("symbol").GetProperty("handle").GetString());
        Assert.Equal(1, self.GetProperty("depth").GetInt32());
    }

    [Fact]
    public async Task OneKeyInTwoAssemblies_IsAmbiguousByKey_AndEachHandleNamesOneSymbol()
    {
        await using var server = await McpServer.StartAsync(fixture.ConnectionString, fixture.TwinsRoot, "--no-embed");
        const string twice = "M:Twins.Shared.Util.Twice(System.Int32)";
        var (code, _, error) = await server.ErrorAsync("callers", new { symbol = twice });
        Assert.Equal("symbol_ambiguous", code);
        var candidates = error.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("handle").GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal([$"{twice}@Twins.Alpha", $"{twice}@Twins.Beta"], candidates);

        foreach (var (assembly, caller) in new[] { ("Twins.Alpha", "M:Twins.Alpha.AlphaUser.Run(System.Int32)@Twins.Alpha"), ("Twins.Beta", "M:Twins.Beta.BetaUser.Run(System.Int32)@Twins.Beta") })
        {
            var handle = $"{twice}@{assembly}";
            Assert.Equal([caller], Handles((await server.OkAsync("callers", new { symbol = handle })).GetProperty("results")));
            var symbol = await server.OkAsync("get_symbol", new { symbol = handle });
            Assert.Equal(assembly, symbol.GetProperty("symbols").EnumerateArray().Single().GetProperty("symbol").GetProperty("assembly").GetString());
            Assert.Single((await server.OkAsync("references", new { symbol = handle })).GetProperty("sites").EnumerateArray());
            Assert.Equal(caller, Handles((await server.OkAsync("impact", new { symbol = handle })).GetProperty("results")).Single());
            var path = await server.OkAsync("call_path", new { from = caller, to = handle });
            Assert.Equal([caller, handle], Handles(path.GetProperty("path")));
            Assert.Contains(handle, Handles((await server.OkAsync("callees", new { symbol = caller })).GetProperty("results")));
        }
    }

    [Fact]
    public async Task WithoutAPath_SeveralRepositoriesNeedRepo()
    {
        await using var server = await McpServer.StartAsync(fixture.ConnectionString, "--no-embed");
        var (code, message, _) = await server.ErrorAsync("callers", new { symbol = Format });
        Assert.Equal("repository_ambiguous", code);
        Assert.Contains("Basic", message);
        Assert.Contains("Twins", message);
        Assert.NotEmpty((await server.OkAsync("callers", new { symbol = Format, repo = "Basic" })).GetProperty("results").EnumerateArray());
        Assert.Equal("repository_not_found", (await server.ErrorAsync("callers", new { symbol = Format, repo = "Nope" })).Code);
        Assert.Equal(2, (await server.OkAsync("index_status")).GetProperty("repositories").GetArrayLength());
    }

    [Fact]
    public async Task ARepositoryNotIndexedYet_SaysHowToIndexIt()
    {
        var folder = Directory.CreateTempSubdirectory("codeindex-mcp-unindexed-").FullName;
        try
        {
            await using var server = await McpServer.StartAsync(fixture.ConnectionString, folder, "--no-embed");
            var (code, message, _) = await server.ErrorAsync("search", new { query = "Greeter" });
            Assert.Equal("repository_not_indexed", code);
            Assert.Contains($"codeindex index {folder}", message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task GetSymbol_ReadsOnlyInsideTheIndexedRoot()
    {
        // A declaration whose stored file path climbs out of the root (as a corrupted or hostile row would) is not read.
        var outside = Path.Combine(Path.GetDirectoryName(fixture.BasicRoot)!, "secret.cs");
        await File.WriteAllTextAsync(outside, "secret contents\n");
        try
        {
            var json = await fixture.Basic.OkAsync("get_symbol", new { symbol = Format });
            Assert.True(json.GetProperty("symbols")[0].TryGetProperty("source", out _));
            var source = Mcp.Answers.DeclarationSource.Read(fixture.BasicRoot, "../secret.cs", 1, 1, 10, null);
            Assert.Null(source);
            File.CreateSymbolicLink(Path.Combine(fixture.BasicRoot, "link.cs"), outside);
            Assert.Null(Mcp.Answers.DeclarationSource.Read(fixture.BasicRoot, "link.cs", 1, 1, 10, null));
            Assert.NotNull(Mcp.Answers.DeclarationSource.Read(fixture.BasicRoot, "Basic.Core/Greeter.cs", 1, 3, 10, null));
        }
        finally
        {
            File.Delete(outside);
            File.Delete(Path.Combine(fixture.BasicRoot, "link.cs"));
        }
    }
}
