using CodeIndex.Cli.Tests.Support;
using CodeIndex.Testing;

namespace CodeIndex.Cli.Tests;

/// <summary>Real-world check: index this repository's own solution and ask questions whose answers we know from the code.</summary>
public sealed class IndexThisRepositoryTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Index_ThisRepository_FindsKnownSymbolsAndEdges()
    {
        var index = await CliRunner.RunAsync(database.ConnectionString, "index", RepoPaths.Root, "--no-restore", "--json");
        Assert.True(index.ExitCode == 0, index.ToString());
        var summary = index.Json().GetProperty("results")[0];
        Assert.True(summary.GetProperty("projects").GetInt32() >= 10, index.ToString());
        Assert.True(summary.GetProperty("symbols").GetInt64() > 1000, index.ToString());
        Assert.Equal(0, summary.GetProperty("loadErrors").GetInt32());

        // IndexCommand.Build registers a lambda that runs the pipeline: the lambda's caller is the containing member.
        var callers = await CliRunner.RunAsync(database.ConnectionString, "query", "callers", "CodeIndex.Cli.Pipeline.IndexPipeline.RunAsync", "--json");
        Assert.True(callers.ExitCode == 0, callers.ToString());
        var callerKeys = callers.Json().GetProperty("results").EnumerateArray().Select(r => r.GetProperty("symbolKey").GetString()).ToList();
        Assert.Contains("M:CodeIndex.Cli.Commands.IndexCommand.Build", callerKeys);

        // The writer session implements IAsyncDisposable; the hierarchy query sees the external interface.
        var hierarchy = await CliRunner.RunAsync(database.ConnectionString, "query", "hierarchy", "CodeIndex.Storage.Writing.IndexWriteSession", "--up", "--json");
        Assert.True(hierarchy.ExitCode == 0, hierarchy.ToString());
        Assert.Contains(hierarchy.Json().GetProperty("results").EnumerateArray(), r => r.GetProperty("symbolKey").GetString() == "T:System.IAsyncDisposable");

        // Everything that depends on the exit-code constants includes the CLI's runner.
        var impact = await CliRunner.RunAsync(database.ConnectionString, "query", "impact", "T:CodeIndex.Core.Errors.ExitCodes", "--depth", "2", "--limit", "1000", "--json");
        Assert.True(impact.ExitCode == 0, impact.ToString());
        Assert.Contains(impact.Json().GetProperty("results").EnumerateArray(), r => r.GetProperty("symbolKey").GetString()!.StartsWith("M:CodeIndex.Cli.CommandRunner.", StringComparison.Ordinal));
    }
}
