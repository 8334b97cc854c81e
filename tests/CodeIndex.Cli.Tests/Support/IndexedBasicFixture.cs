using CodeIndex.Testing;

namespace CodeIndex.Cli.Tests.Support;

/// <summary>A fresh database with a temp copy of the Basic fixture solution indexed once through the real CLI.</summary>
public sealed class IndexedBasicFixture : IAsyncLifetime
{
    private readonly DatabaseFixture _database = new();

    public string ConnectionString => _database.ConnectionString;
    public string RepositoryRoot { get; private set; } = "";
    internal CliResult FirstIndex { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        RepositoryRoot = RepoPaths.CopyFixture("Basic");
        FirstIndex = await CliRunner.RunAsync(ConnectionString, "index", Path.Combine(RepositoryRoot, "Basic.sln"), "--json");
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        try
        {
            Directory.Delete(Path.GetDirectoryName(RepositoryRoot)!, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
