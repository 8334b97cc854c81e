using CodeIndex.Cli.Tests.Support;
using CodeIndex.Testing;

namespace CodeIndex.Cli.Tests;

/// <summary>A C# 14 project (tests/fixtures/CSharp14) loaded with MSBuild and indexed through the real CLI: no compile errors on Roslyn 5.12, extension members as declared, `field` as a use of its property.</summary>
public sealed class CSharp14Tests : IAsyncLifetime
{
    private readonly DatabaseFixture _database = new();
    private string _root = "";

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _root = RepoPaths.CopyFixture("CSharp14");
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        try
        {
            Directory.Delete(Path.GetDirectoryName(_root)!, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    [Fact]
    public async Task Index_CSharp14Project_NoCompileErrorsAndTheNewConstructsAreEdges()
    {
        var index = await CliRunner.RunAsync(_database.ConnectionString, "index", Path.Combine(_root, "CSharp14.csproj"), "--no-embed", "--json");
        Assert.True(index.ExitCode == 0, index.ToString());
        var summary = index.Json().GetProperty("results")[0];
        Assert.Equal(0, summary.GetProperty("compileErrors").GetInt32());

        // Both spellings of the extension call reach the member as declared; the lowered implementation is not a symbol.
        var callers = await CliRunner.RunAsync(_database.ConnectionString, "query", "callers", "CSharp14.TextExtensions.Twice", "--json");
        Assert.True(callers.ExitCode == 0, callers.ToString());
        var caller = Assert.Single(callers.Json().GetProperty("results").EnumerateArray());
        Assert.Equal("M:CSharp14.Modern.Use(System.String)", caller.GetProperty("symbolKey").GetString());
        Assert.StartsWith("M:CSharp14.TextExtensions.<G>$", callers.Json().GetProperty("symbol").GetProperty("symbolKey").GetString(), StringComparison.Ordinal);
        var symbols = await CliRunner.RunAsync(_database.ConnectionString, "symbols", "Twice", "--json");
        Assert.Single(symbols.Json().GetProperty("results").EnumerateArray());

        // `field` in Name's accessors: Name uses itself (read, write); the null-conditional assignment writes Name.
        var references = await CliRunner.RunAsync(_database.ConnectionString, "query", "references", "CSharp14.Modern.Name", "--json");
        Assert.True(references.ExitCode == 0, references.ToString());
        var sites = references.Json().GetProperty("results")[0].GetProperty("sites").EnumerateArray()
            .Select(x => $"{x.GetProperty("line").GetInt32()}:{x.GetProperty("column").GetInt32()} {x.GetProperty("access").GetString()} {x.GetProperty("relationship").GetString()} {x.GetProperty("source").GetProperty("name").GetString()}")
            .ToList();
        Assert.Equal(["15:33 read uses Name", "15:47 write uses Name", "22:15 write calls Use"], sites);
    }
}
