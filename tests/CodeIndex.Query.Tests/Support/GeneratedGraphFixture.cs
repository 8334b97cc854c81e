using System.Diagnostics;
using CodeIndex.Testing;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Query.Tests.Support;

/// <summary>A fresh database (through <see cref="DatabaseFixture"/>) loaded once per test class with a <see cref="GeneratedGraph"/> by binary COPY.</summary>
/// <remarks>Size: CODEINDEX_QUERY_GRAPH_SYMBOLS (default 5000; 100000 gives the ≈100k/500k benchmark graph).</remarks>
public sealed class GeneratedGraphFixture : IAsyncLifetime
{
    private const long IdBase = 1_000_000;
    private readonly DatabaseFixture _database = new();

    internal GeneratedGraph Graph { get; private set; } = null!;

    public NpgsqlDataSource DataSource => _database.DataSource;

    public TimeSpan LoadTime { get; private set; }

    public long Id(int index) => IdBase + index;

    public int Index(long id) => (int)(id - IdBase);

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var size = int.TryParse(Environment.GetEnvironmentVariable("CODEINDEX_QUERY_GRAPH_SYMBOLS"), out var n) ? n : 5000;
        Graph = GeneratedGraph.Create(size, seed: 20240611);
        var watch = Stopwatch.StartNew();
        await LoadAsync();
        LoadTime = watch.Elapsed;
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    private async Task LoadAsync()
    {
        // Foreign-key checks and index upkeep for 500k edges outlast the default 30 s command timeout.
        var builder = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { CommandTimeout = 0 };
        await using var loader = CodeIndex.Storage.Connection.DatabaseConnector.Create(builder.ConnectionString);
        await using var connection = await loader.OpenConnectionAsync();
        long repo;
        await using (var command = new NpgsqlCommand("INSERT INTO repositories (name, root_path) VALUES ('gen', '/gen') RETURNING id", connection))
        {
            repo = (long)(await command.ExecuteScalarAsync())!;
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY code_symbols (id, repository_id, project, symbol_key, name, qualified_name, kind, file_path, line_number, visibility, language, assembly_name, content_hash) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < Graph.Names.Length; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(Id(i), NpgsqlDbType.Bigint);
                await copy.WriteAsync(repo, NpgsqlDbType.Bigint);
                await copy.WriteAsync($"p{i % 20:D2}", NpgsqlDbType.Text);
                await copy.WriteAsync(Graph.Key(i), NpgsqlDbType.Text);
                await copy.WriteAsync(Graph.Names[i][(Graph.Names[i].LastIndexOf('.') + 1)..], NpgsqlDbType.Text);
                await copy.WriteAsync(Graph.Names[i], NpgsqlDbType.Text);
                await copy.WriteAsync(Graph.Kinds[i], NpgsqlDbType.Text);
                await copy.WriteAsync($"src/f{i / 25:D5}.cs", NpgsqlDbType.Text);
                await copy.WriteAsync(1 + (i % 25 * 10), NpgsqlDbType.Integer);
                await copy.WriteAsync("public", NpgsqlDbType.Text);
                await copy.WriteAsync("csharp", NpgsqlDbType.Text);
                await copy.WriteAsync("gen", NpgsqlDbType.Text);
                await copy.WriteAsync("h", NpgsqlDbType.Text);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY symbol_relationships (repository_id, source_id, target_id, relationship_type, site_count) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (source, target, type) in Graph.Edges)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(repo, NpgsqlDbType.Bigint);
                await copy.WriteAsync(Id(source), NpgsqlDbType.Bigint);
                await copy.WriteAsync(Id(target), NpgsqlDbType.Bigint);
                await copy.WriteAsync(type, NpgsqlDbType.Text);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
            }

            await copy.CompleteAsync();
        }

        await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE code_symbols, symbol_relationships", connection);
        await vacuum.ExecuteNonQueryAsync();
    }
}
