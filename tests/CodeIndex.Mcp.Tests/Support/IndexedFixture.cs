using CodeIndex.Cli.Tests.Support;
using CodeIndex.Testing;

namespace CodeIndex.Mcp.Tests.Support;

/// <summary>One database with two repositories indexed through the real CLI (Basic, and Twins — two assemblies that declare one key), and one scoped server on Basic.</summary>
public sealed class IndexedFixture : IAsyncLifetime
{
    private readonly DatabaseFixture _database = new();
    private McpServer? _basicServer;

    public string ConnectionString => _database.ConnectionString;
    public Npgsql.NpgsqlDataSource DataSource => _database.DataSource;
    public string BasicRoot { get; private set; } = "";
    public string TwinsRoot { get; private set; } = "";
    internal McpServer Basic => _basicServer!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        BasicRoot = RepoPaths.CopyFixture("Basic");
        TwinsRoot = RepoPaths.CopyFixture("Twins");
        foreach (var input in new[] { Path.Combine(BasicRoot, "Basic.sln"), Path.Combine(TwinsRoot, "Twins.slnx") })
        {
            var result = await CliRunner.RunAsync(ConnectionString, "index", input, "--no-embed", "--json");
            Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        }

        _basicServer = await McpServer.StartAsync(ConnectionString, BasicRoot, "--no-embed");
    }

    public async Task DisposeAsync()
    {
        if (_basicServer is not null)
        {
            await _basicServer.DisposeAsync();
        }

        await _database.DisposeAsync();
        foreach (var root in new[] { BasicRoot, TwinsRoot })
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(root)!, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
