using System.Text.Json;
using CodeIndex.Cli.Tests.Support;

namespace CodeIndex.Cli.Tests;

/// <summary>End-to-end query commands on the indexed Basic fixture: JSON contract, exit codes, hostile input.</summary>
public sealed class QueryCommandTests(IndexedBasicFixture basic) : IClassFixture<IndexedBasicFixture>
{
    private const string FormatKey = "M:Basic.Core.GreetingFormatter.Format(System.String,System.String)";
    private const string InterfaceGreet = "M:Basic.Core.IGreeter.Greet(System.String)";

    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync(basic.ConnectionString, args);

    [Fact]
    public async Task QueryCallers_Json_CarriesContractFieldsDepthAndPath()
    {
        Assert.True(basic.FirstIndex.ExitCode == 0, basic.FirstIndex.ToString());
        var result = await Run("query", "callers", FormatKey, "--depth", "5", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var results = result.Json().GetProperty("results").EnumerateArray().ToList();
        var greet = results.Single(r => r.GetProperty("symbolKey").GetString() == "M:Basic.Core.Greeter.Greet(System.String)");
        Assert.Equal("Greet", greet.GetProperty("name").GetString());
        Assert.Equal("method", greet.GetProperty("kind").GetString());
        Assert.Equal("Basic.Core/Greeter.cs", greet.GetProperty("filePath").GetString());
        Assert.Equal(15, greet.GetProperty("line").GetInt32());
        Assert.Equal(1, greet.GetProperty("depth").GetInt32());
        Assert.Equal([FormatKey, "M:Basic.Core.Greeter.Greet(System.String)"], Keys(greet.GetProperty("path")));
    }

    [Fact]
    public async Task QueryCallers_Dispatch_FollowsCallsThroughTheInterface()
    {
        var without = await Run("query", "callers", "M:Basic.Core.Greeter.Greet(System.String)", "--json");
        var with = await Run("query", "callers", "M:Basic.Core.Greeter.Greet(System.String)", "--dispatch", "--depth", "4", "--json");
        Assert.True(with.ExitCode == 0, with.ToString());
        var staticKeys = ResultKeys(without);
        var dispatchKeys = ResultKeys(with);
        Assert.DoesNotContain("M:Basic.App.LoudGreeter.Greet(System.String)", staticKeys);
        Assert.Contains(InterfaceGreet, dispatchKeys);
        Assert.Contains("M:Basic.App.LoudGreeter.Greet(System.String)", dispatchKeys);
        Assert.Contains("M:Basic.App.Program.Main(System.String[])", dispatchKeys);
    }

    [Fact]
    public async Task QueryCallees_FromMain_ReachesFormatterTransitivelyWithDispatch()
    {
        var result = await Run("query", "callees", "Basic.App.Program.Main", "--dispatch", "--depth", "5", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var keys = ResultKeys(result);
        Assert.Contains("M:Basic.Core.Greeter.#ctor(Basic.Core.GreetingFormatter)", keys);
        Assert.Contains(FormatKey, keys);
    }

    [Fact]
    public async Task QueryHierarchy_Down_ListsImplementors()
    {
        var result = await Run("query", "hierarchy", "Basic.Core.IGreeter", "--down", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var keys = ResultKeys(result);
        Assert.Contains("T:Basic.Core.Greeter", keys);
        Assert.Contains("T:Basic.App.LoudGreeter", keys);
    }

    [Fact]
    public async Task QueryImpact_GroupsByProjectAndFile()
    {
        var result = await Run("query", "impact", "T:Basic.Core.GreetingFormatter", "--depth", "5", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        var projects = json.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("project").GetString()).ToList();
        Assert.Contains("Basic.Core", projects);
        Assert.Contains("Basic.App", projects);
        Assert.Contains("M:Basic.App.Program.Main(System.String[])", ResultKeys(result));
    }

    [Fact]
    public async Task QueryPath_MainToNormalize_IsTheShortestCallChain()
    {
        var result = await Run("query", "path", "Basic.App.Program.Main", "Basic.Core.GreetingFormatter.Normalize", "--dispatch", "--depth", "6", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var last = result.Json().GetProperty("results").EnumerateArray().Last();
        var path = Keys(last.GetProperty("path"));
        Assert.Equal("M:Basic.App.Program.Main(System.String[])", path[0]);
        Assert.Equal("M:Basic.Core.GreetingFormatter.Normalize(System.String)", path[^1]);
        Assert.Contains(FormatKey, path);
    }

    [Fact]
    public async Task Query_UnknownSymbol_ExitsTwoWithNearestNames()
    {
        var result = await Run("query", "callers", "GreetingFormater", "--json");
        Assert.Equal(2, result.ExitCode);
        var error = result.Json().GetProperty("error");
        Assert.Equal("symbol_not_found", error.GetProperty("code").GetString());
        Assert.Contains("GreetingFormatter", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Query_AmbiguousShortName_ExitsTwoListingCandidates()
    {
        var result = await Run("query", "callers", "Greet", "--json");
        Assert.Equal(2, result.ExitCode);
        var message = result.Json().GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains(InterfaceGreet, message);
        Assert.Contains("M:Basic.Core.Greeter.Greet(System.String)", message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public async Task Query_NonPositiveDepth_ExitsTwo(string depth)
    {
        var result = await Run("query", "callers", FormatKey, "--depth", depth, "--json");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("invalid_depth", result.Json().GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Query_AbsurdDepth_IsClampedWithNotice()
    {
        var result = await Run("query", "callers", FormatKey, "--depth", "100000", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal(50, json.GetProperty("depth").GetInt32());
        Assert.Contains(json.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("clamped", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("'; DROP TABLE code_symbols; --")]
    [InlineData("%")]
    [InlineData("Gre%er")]
    [InlineData("G_eeter")]
    [InlineData("\"quoted\"")]
    public async Task Symbols_HostileInput_IsLiteralAndHarmless(string pattern)
    {
        var result = await Run("symbols", pattern, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0, result.Json().GetProperty("results").GetArrayLength());
        var after = await Run("symbols", "Greeter", "--json");
        Assert.True(after.Json().GetProperty("results").GetArrayLength() > 0, after.ToString());
    }

    [Fact]
    public async Task Symbols_ExactBeforePrefixBeforeSubstring()
    {
        var result = await Run("symbols", "Greeter", "--json");
        var names = result.Json().GetProperty("results").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToList();
        Assert.Equal("Greeter", names[0]);
        var prefix = names.IndexOf("GreetingFormatter");
        var substring = names.IndexOf("IGreeter");
        Assert.True(substring > 0, string.Join(",", names));
        Assert.True(prefix < 0 || prefix < substring, string.Join(",", names));
    }

    [Fact]
    public async Task At_FileAndLine_ReturnsDeclaredAndReferencedSymbols()
    {
        var declared = await Run("at", "Basic.Core/Greeter.cs:15", "--json");
        Assert.True(declared.ExitCode == 0, declared.ToString());
        Assert.Contains("M:Basic.Core.Greeter.Greet(System.String)", ResultKeys(declared));

        var referenced = await Run("at", Path.Combine(basic.RepositoryRoot, "Basic.Core", "Greeter.cs") + ":18", "--json");
        Assert.True(referenced.ExitCode == 0, referenced.ToString());
        Assert.Contains(FormatKey, ResultKeys(referenced));
    }

    [Fact]
    public async Task At_InvalidLocation_ExitsTwo()
    {
        var result = await Run("at", "Greeter.cs", "--json");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("invalid_location", result.Json().GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Query_HumanOutput_IsATable()
    {
        var result = await Run("query", "callers", FormatKey);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("depth", result.StdOut);
        Assert.Contains("Basic.Core.Greeter.Greet", result.StdOut);
        Assert.Contains("Basic.Core/Greeter.cs:15", result.StdOut);
    }

    [Fact]
    public async Task QueryReferences_FieldAndProperty_SitesByFileWithAccessAndFilter()
    {
        var field = await Run("query", "references", "F:Basic.Core.Greeter._formatter", "--json");
        Assert.True(field.ExitCode == 0, field.ToString());
        var file = Assert.Single(field.Json().GetProperty("results").EnumerateArray());
        Assert.Equal("Basic.Core/Greeter.cs", file.GetProperty("filePath").GetString());
        Assert.Equal(["10:9 write M:Basic.Core.Greeter.#ctor(Basic.Core.GreetingFormatter)", "18:16 read M:Basic.Core.Greeter.Greet(System.String)"],
            file.GetProperty("sites").EnumerateArray().Select(x => $"{x.GetProperty("line").GetInt32()}:{x.GetProperty("column").GetInt32()} {x.GetProperty("access").GetString()} {x.GetProperty("source").GetProperty("symbolKey").GetString()}"));

        var writes = await Run("query", "references", "Basic.Core.Greeter.Count", "--access", "read_write", "--json");
        Assert.True(writes.ExitCode == 0, writes.ToString());
        var site = Assert.Single(Assert.Single(writes.Json().GetProperty("results").EnumerateArray()).GetProperty("sites").EnumerateArray());
        Assert.Equal(17, site.GetProperty("line").GetInt32());
        Assert.Equal("calls", site.GetProperty("relationship").GetString());

        // External symbols too; impact of a field and `at` include uses.
        var external = await Run("query", "references", "System.String", "--json");
        Assert.True(external.ExitCode == 0, external.ToString());
        Assert.True(external.Json().GetProperty("sites").GetInt32() > 0, external.ToString());
        var impact = await Run("query", "impact", "F:Basic.Core.Greeter._formatter", "--json");
        Assert.True(impact.ExitCode == 0, impact.ToString());
        Assert.Contains("M:Basic.Core.Greeter.Greet(System.String)", ResultKeys(impact));
        var at = await Run("at", "Basic.Core/Greeter.cs:18", "--json");
        Assert.True(at.ExitCode == 0, at.ToString());
        Assert.Contains("F:Basic.Core.Greeter._formatter", at.StdOut, StringComparison.Ordinal);

        var bad = await Run("query", "references", "Basic.Core.Greeter.Count", "--access", "poke");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("Valid accesses: invoke, read, write, read_write", bad.StdErr + bad.StdOut, StringComparison.Ordinal);
    }

    private static List<string> ResultKeys(CliResult result) =>
        result.Json().GetProperty("results").EnumerateArray().Select(r => r.GetProperty("symbolKey").GetString()!).ToList();

    private static string[] Keys(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
