using CodeIndex.Cli.Tests.Support;
using CodeIndex.Testing;

namespace CodeIndex.Cli.Tests;

/// <summary><c>repos</c>, <c>remove</c> and <c>db status</c> through the real process.</summary>
public sealed class ReposAndDbCommandTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Remove_IndexedRepository_DeletesItAndUnknownExitsTwo()
    {
        var loose = RepoPaths.CopyFixture("Loose");
        var index = await CliRunner.RunAsync(database.ConnectionString, "index", loose, "--no-embed", "--json");
        Assert.True(index.ExitCode == 0, index.ToString());
        var name = index.Json().GetProperty("results")[0].GetProperty("repository").GetString()!;

        var listed = await CliRunner.RunAsync(database.ConnectionString, "repos", "--json");
        Assert.Contains(listed.Json().GetProperty("results").EnumerateArray(), r => r.GetProperty("name").GetString() == name && r.GetProperty("symbols").GetInt64() > 0);

        var removed = await CliRunner.RunAsync(database.ConnectionString, "remove", name, "--json");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        var after = await CliRunner.RunAsync(database.ConnectionString, "repos", "--json");
        Assert.DoesNotContain(after.Json().GetProperty("results").EnumerateArray(), r => r.GetProperty("name").GetString() == name);
        var symbols = await CliRunner.RunAsync(database.ConnectionString, "symbols", "a", "--json");
        Assert.DoesNotContain(symbols.Json().GetProperty("results").EnumerateArray(), r => r.GetProperty("filePath").GetString() is { } f && f.EndsWith(".cs", StringComparison.Ordinal) && !f.Contains('/'));

        var again = await CliRunner.RunAsync(database.ConnectionString, "remove", name, "--json");
        Assert.Equal(2, again.ExitCode);
        Assert.Equal("repository_not_found", again.Json().GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task DbStatus_WithExternalServer_DescribesItWithoutPassword()
    {
        var result = await CliRunner.RunAsync("postgres://someone:hunter2@127.0.0.1:5999/somedb", "db", "status", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var status = result.Json().GetProperty("results")[0];
        Assert.Equal("external", status.GetProperty("mode").GetString());
        Assert.Contains("5999", status.GetProperty("server").GetString());
        Assert.DoesNotContain("hunter2", result.StdOut + result.StdErr);
    }

    [Fact]
    public async Task DbStatus_Embedded_ReportsDataDirectory()
    {
        var result = await CliRunner.RunAsync(null, "db", "status", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var status = result.Json().GetProperty("results")[0];
        Assert.Equal("embedded", status.GetProperty("mode").GetString());
        Assert.False(string.IsNullOrEmpty(status.GetProperty("dataDirectory").GetString()));
    }
}
