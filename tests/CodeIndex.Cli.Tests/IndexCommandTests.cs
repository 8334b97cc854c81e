using CodeIndex.Cli.Tests.Support;

namespace CodeIndex.Cli.Tests;

/// <summary>End-to-end: the real codeindex process indexing the Basic fixture into a real PostgreSQL database.</summary>
public sealed class IndexCommandTests(IndexedBasicFixture basic) : IClassFixture<IndexedBasicFixture>
{
    [Fact]
    public void Index_BasicSolution_ExitsZeroWithSummary()
    {
        var result = basic.FirstIndex;
        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = result.Json().GetProperty("results")[0];
        Assert.Equal(2, summary.GetProperty("projects").GetInt32());
        Assert.Equal(5, summary.GetProperty("documents").GetInt32());
        Assert.Equal(0, summary.GetProperty("loadErrors").GetInt32());
        Assert.True(summary.GetProperty("symbols").GetInt64() >= 20, result.ToString());
        Assert.True(summary.GetProperty("relationships").GetInt64() >= 20, result.ToString());
        Assert.Equal(Path.GetFileName(basic.RepositoryRoot), summary.GetProperty("repository").GetString());
    }

    [Fact]
    public async Task Index_Unchanged_ReindexKeepsSameCounts()
    {
        var again = await CliRunner.RunAsync(basic.ConnectionString, "index", Path.Combine(basic.RepositoryRoot, "Basic.sln"), "--json", "--no-restore");
        Assert.True(again.ExitCode == 0, again.ToString());
        var first = basic.FirstIndex.Json().GetProperty("results")[0];
        var second = again.Json().GetProperty("results")[0];
        Assert.Equal(first.GetProperty("symbols").GetInt64(), second.GetProperty("symbols").GetInt64());
        Assert.Equal(first.GetProperty("relationships").GetInt64(), second.GetProperty("relationships").GetInt64());
        Assert.Equal(0, second.GetProperty("symbolsInserted").GetInt64());
        Assert.Equal(0, second.GetProperty("symbolsUpdated").GetInt64());
        Assert.Equal(0, second.GetProperty("symbolsDeleted").GetInt64());

        var repos = await CliRunner.RunAsync(basic.ConnectionString, "repos", "--json");
        var named = repos.Json().GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("rootPath").GetString() == basic.RepositoryRoot).ToList();
        Assert.Single(named);
    }

    [Fact]
    public async Task Index_MissingPath_ExitsTwoWithActionableMessage()
    {
        var result = await CliRunner.RunAsync(basic.ConnectionString, "index", "/definitely/not/here", "--json");
        Assert.Equal(2, result.ExitCode);
        var error = result.Json().GetProperty("error");
        Assert.Equal("path_not_found", error.GetProperty("code").GetString());
        Assert.Contains("To fix this", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Index_FolderWithoutCSharp_ExitsTwo()
    {
        var empty = Directory.CreateTempSubdirectory("codeindex-empty-").FullName;
        await File.WriteAllTextAsync(Path.Combine(empty, "README.md"), "no code here");
        var result = await CliRunner.RunAsync(basic.ConnectionString, "index", empty, "--json");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("no_csharp", result.Json().GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Index_UnreachableDatabase_ExitsOneAndSaysHowToFix()
    {
        var closedPort = FreePort();
        var result = await CliRunner.RunAsync($"Host=127.0.0.1;Port={closedPort};Username=u;Password=secret-pw;Database=d;Timeout=3",
            "index", Path.Combine(basic.RepositoryRoot, "Basic.sln"), "--json");
        Assert.Equal(1, result.ExitCode);
        var error = result.Json().GetProperty("error");
        Assert.Equal("db_unreachable", error.GetProperty("code").GetString());
        Assert.Contains("To fix this", error.GetProperty("message").GetString());
        Assert.DoesNotContain("secret-pw", result.StdOut + result.StdErr);
    }

    [Fact]
    public async Task Index_BrokenProjects_IndexesTheRestAndWarns()
    {
        var mixed = RepoPaths.CopyFixture("Mixed");
        var result = await CliRunner.RunAsync(basic.ConnectionString, "index", mixed, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        var summary = json.GetProperty("results")[0];
        Assert.True(summary.GetProperty("documents").GetInt32() > 0, result.ToString());
        Assert.True(summary.GetProperty("loadErrors").GetInt32() + summary.GetProperty("loadWarnings").GetInt32() > 0, result.ToString());
        Assert.True(json.GetProperty("notices").GetArrayLength() > 0, result.ToString());
    }

    [Fact]
    public async Task Index_CiMode_ExitCodesAndJson()
    {
        // Built with problems: --ci (= --json --fail-on-load-errors) exits 3, and the index of what loaded is committed.
        var mixed = RepoPaths.CopyFixture("Mixed");
        var ci = await CliRunner.RunAsync(basic.ConnectionString, "index", mixed, "--ci", "--no-embed");
        Assert.True(ci.ExitCode == 3, ci.ToString());
        var summary = ci.Json().GetProperty("results")[0];
        Assert.Equal("load_errors", summary.GetProperty("status").GetString());
        Assert.Equal(3, summary.GetProperty("exitCode").GetInt32());
        Assert.True(summary.GetProperty("loadErrors").GetInt32() > 0);
        Assert.Contains(ci.Json().GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("fails (exit 3)", StringComparison.Ordinal));
        var symbols = await CliRunner.RunAsync(basic.ConnectionString, "symbols", "Inventory", "--repo", summary.GetProperty("repository").GetString()!, "--json");
        Assert.True(symbols.ExitCode == 0 && symbols.Json().GetProperty("results").GetArrayLength() > 0, symbols.ToString());

        var explicitFlag = await CliRunner.RunAsync(basic.ConnectionString, "index", mixed, "--json", "--fail-on-load-errors", "--no-embed", "--no-restore");
        Assert.True(explicitFlag.ExitCode == 3, explicitFlag.ToString());
        var lenient = await CliRunner.RunAsync(basic.ConnectionString, "index", mixed, "--json", "--no-embed", "--no-restore");
        Assert.True(lenient.ExitCode == 0, lenient.ToString());
        Assert.Equal(0, lenient.Json().GetProperty("results")[0].GetProperty("exitCode").GetInt32());

        // Clean input under --ci: exit 0, status ok.
        var clean = await CliRunner.RunAsync(basic.ConnectionString, "index", Path.Combine(basic.RepositoryRoot, "Basic.sln"), "--ci", "--no-embed", "--no-restore");
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Equal("ok", clean.Json().GetProperty("results")[0].GetProperty("status").GetString());

        // Could not build the index (no database): exit 1 with a JSON error; bad input: exit 2.
        var down = await CliRunner.RunAsync("Host=127.0.0.1;Port=9;Username=ci;Database=ci;Timeout=3", "index", Path.Combine(basic.RepositoryRoot, "Basic.sln"), "--ci", "--no-embed", "--no-restore");
        Assert.True(down.ExitCode == 1, down.ToString());
        Assert.Equal("db_unreachable", down.Json().GetProperty("error").GetProperty("code").GetString());
        var empty = Directory.CreateTempSubdirectory("codeindex-ci-empty-").FullName;
        var nothing = await CliRunner.RunAsync(basic.ConnectionString, "index", empty, "--ci", "--no-embed");
        Assert.True(nothing.ExitCode == 2, nothing.ToString());
        Assert.Equal("no_csharp", nothing.Json().GetProperty("error").GetProperty("code").GetString());
        var missing = await CliRunner.RunAsync(basic.ConnectionString, "index", "/no/such/path", "--ci");
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("path_not_found", missing.Json().GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Help_And_Version_ExitZero()
    {
        var help = await CliRunner.RunAsync(null, "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("index", help.StdOut);
        var version = await CliRunner.RunAsync(null, "--version");
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"\d+\.\d+\.\d+", version.StdOut);
    }

    [Fact]
    public async Task UnknownOption_ExitsTwo()
    {
        var result = await CliRunner.RunAsync(null, "query", "callers", "X", "--no-such-option", "--json");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("usage", result.Json().GetProperty("error").GetProperty("code").GetString());
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
