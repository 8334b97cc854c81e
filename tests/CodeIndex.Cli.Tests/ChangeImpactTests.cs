using System.Diagnostics;
using System.Text.Json;
using CodeIndex.Cli.Tests.Support;
using CodeIndex.Testing;

namespace CodeIndex.Cli.Tests;

/// <summary><c>query impact --changed</c> on a fixture with a scripted git history (real git, real indexes of revisions), and the CI scripts.</summary>
public sealed class ChangeImpactTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static async Task<string> GitAsync(string root, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
        return output.Trim();
    }

    private static async Task<string> CommitAsync(string root, string message, Action edit)
    {
        edit();
        await GitAsync(root, "add", "-A");
        await GitAsync(root, "commit", "-q", "-m", message);
        return await GitAsync(root, "rev-parse", "HEAD");
    }

    private static void Edit(string file, string from, string to)
    {
        var text = File.ReadAllText(file);
        Assert.Contains(from, text);
        File.WriteAllText(file, text.Replace(from, to, StringComparison.Ordinal));
    }

    private static string[] Names(JsonElement json, string property = "results") =>
        [.. json.GetProperty(property).EnumerateArray().Select(r => r.GetProperty("qualifiedName").GetString()!).Order(StringComparer.Ordinal)];

    private static string[] Changed(JsonElement json) =>
        [.. json.GetProperty("changed").EnumerateArray().Select(c => $"{c.GetProperty("change").GetString()} {c.GetProperty("declaration").GetString()}").Order(StringComparer.Ordinal)];

    [Fact]
    public async Task ImpactOfADiff_LeafChange_CommentOnlyChange_DeletedMethod_WithAndWithoutABaseIndex()
    {
        var root = RepoPaths.CopyFixture("Impact");
        var worktrees = Path.Combine(Path.GetDirectoryName(root)!, "worktrees");
        var env = new Dictionary<string, string> { ["CODEINDEX_WORKTREES"] = worktrees };
        var calc = Path.Combine(root, "Impact.Lib", "Calc.cs");
        await GitAsync(root, "init", "-q", "-b", "main");
        await GitAsync(root, "config", "user.email", "ci@example.com");
        await GitAsync(root, "config", "user.name", "CI");
        await File.WriteAllTextAsync(Path.Combine(root, ".gitignore"), "bin/\nobj/\n");
        var c0 = await CommitAsync(root, "base", () => { });
        var c1 = await CommitAsync(root, "leaf body", () => Edit(calc, "return x * 2;", "return x + x;"));
        var c2 = await CommitAsync(root, "comment in a body", () => Edit(calc, "// doubles the input", "// twice the input, as x + x"));
        var c3 = await CommitAsync(root, "delete Obsolete", () => Edit(calc, "    public static int Obsolete(int x) => x - 1;\n\n", ""));

        // The working tree (at c3) is the head index.
        var head = await CliRunner.RunAsync(database.ConnectionString, env, "index", root, "--no-embed", "--ci");
        Assert.True(head.ExitCode == 0, head.ToString());

        // Without a base index: the head side alone, and the answer says so.
        var noBase = await CliRunner.RunAsync(database.ConnectionString, env, "query", "impact", "--changed", $"{c2}..{c3}", "--root", root, "--json");
        Assert.True(noBase.ExitCode == 0, noBase.ToString());
        Assert.Equal(["deleted Impact.Lib.Calc.Obsolete(int)"], Changed(noBase.Json()));
        Assert.Contains(noBase.Json().GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("No index of the base revision", StringComparison.Ordinal));
        Assert.Empty(noBase.Json().GetProperty("results").EnumerateArray());

        // Indexes of the revisions (worktrees), then the three questions.
        foreach (var commit in new[] { c0, c1, c2 })
        {
            var revision = await CliRunner.RunAsync(database.ConnectionString, env, "index", root, "--revision", commit, "--no-embed", "--ci");
            Assert.True(revision.ExitCode == 0, revision.ToString());
            Assert.Equal($"Impact@{commit[..12]}", revision.Json().GetProperty("results")[0].GetProperty("repository").GetString());
        }

        // A change to a leaf method's body: its transitive callers, and the test project that covers it.
        var leaf = await CliRunner.RunAsync(database.ConnectionString, env, "query", "impact", "--changed", $"{c0}..{c1}", "--root", root, "--json", "--depth", "5");
        Assert.True(leaf.ExitCode == 0, leaf.ToString());
        var json = leaf.Json();
        Assert.Equal(["modified Impact.Lib.Calc.Leaf(int)"], Changed(json));
        Assert.Equal(["Impact.App.Entry.Top", "Impact.Lib.Calc.Mid", "Impact.Tests.CalcTests.TopIsOdd"], Names(json));
        Assert.Equal(["Impact.Tests"], json.GetProperty("testProjects").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.Contains(json.GetProperty("projects").EnumerateArray(), p => p.GetProperty("project").GetString() == "Impact.Tests" && p.GetProperty("isTest").GetBoolean());

        // Only a comment inside a method body changed: no changed symbol.
        var comment = await CliRunner.RunAsync(database.ConnectionString, env, "query", "impact", "--changed", $"{c1}..{c2}", "--root", root, "--json");
        Assert.True(comment.ExitCode == 0, comment.ToString());
        Assert.Empty(comment.Json().GetProperty("changed").EnumerateArray());
        Assert.Empty(comment.Json().GetProperty("results").EnumerateArray());
        Assert.Contains(comment.Json().GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("only in comments or whitespace", StringComparison.Ordinal));

        // A deleted method: its former callers come from the base index (head has none: the call there no longer binds).
        var deleted = await CliRunner.RunAsync(database.ConnectionString, env, "query", "impact", "--changed", $"{c2}..{c3}", "--root", root, "--json");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal(["deleted Impact.Lib.Calc.Obsolete(int)"], Changed(deleted.Json()));
        Assert.Equal(["Impact.App.Entry.Legacy", "Impact.Lib.Calc.UsesObsolete"], Names(deleted.Json()));
        Assert.All(deleted.Json().GetProperty("results").EnumerateArray(), r => Assert.Equal(["base"], r.GetProperty("sides").EnumerateArray().Select(s => s.GetString()!).ToArray()));

        // The pull-request comment.
        var markdown = await CliRunner.RunAsync(database.ConnectionString, env, "query", "impact", "--changed", $"{c0}..{c1}", "--root", root, "--format", "markdown", "--depth", "5");
        Assert.True(markdown.ExitCode == 0, markdown.ToString());
        Assert.Contains("### CodeIndex: change impact", markdown.StdOut);
        Assert.Contains("test projects to run: **Impact.Tests**", markdown.StdOut);
        Assert.Contains("| modified | `Impact.Lib.Calc.Leaf(int)` |", markdown.StdOut);

        // A revision git does not know: exit 2 with what to do.
        var unknown = await CliRunner.RunAsync(database.ConnectionString, env, "query", "impact", "--changed", "nope..main", "--root", root, "--json");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal("revision_not_found", unknown.Json().GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task CiScripts_IndexTheBaseAndTheHead_AndReport()
    {
        var root = RepoPaths.CopyFixture("Impact");
        var worktrees = Path.Combine(Path.GetDirectoryName(root)!, "worktrees");
        await GitAsync(root, "init", "-q", "-b", "main");
        await GitAsync(root, "config", "user.email", "ci@example.com");
        await GitAsync(root, "config", "user.name", "CI");
        await File.WriteAllTextAsync(Path.Combine(root, ".gitignore"), "bin/\nobj/\n");
        var c0 = await CommitAsync(root, "base", () => { });
        await CommitAsync(root, "leaf body", () => Edit(Path.Combine(root, "Impact.Lib", "Calc.cs"), "return x * 2;", "return x + x;"));

        var connection = await database.CreateDatabaseAsync("ciscripts");
        var env = new Dictionary<string, string?>
        {
            ["CODEINDEX"] = $"dotnet {Path.Combine(AppContext.BaseDirectory, "codeindex.dll")}",
            ["CODEINDEX_DB"] = connection,
            ["CODEINDEX_WORKTREES"] = worktrees,
            ["CODEINDEX_OUT"] = root,
        };
        foreach (var (script, args) in new[] { ("index-base.sh", new[] { c0 }), ("index-base.sh", new[] { c0 }), ("index-head.sh", Array.Empty<string>()), ("impact-report.sh", new[] { c0 }) })
        {
            var (code, output) = await BashAsync(root, Path.Combine(RepoPaths.Root, "scripts", "ci", script), args, env);
            Assert.True(code == 0, $"{script}: {output}");
        }

        var report = await File.ReadAllTextAsync(Path.Combine(root, "codeindex-impact.md"));
        Assert.Contains("test projects to run: **Impact.Tests**", report);
        using var impact = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(root, "codeindex-impact.json")));
        Assert.Contains(impact.RootElement.GetProperty("results").EnumerateArray(), r => r.GetProperty("qualifiedName").GetString() == "Impact.Tests.CalcTests.TopIsOdd");
    }

    private static async Task<(int Code, string Output)> BashAsync(string root, string script, string[] args, Dictionary<string, string?> env)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
