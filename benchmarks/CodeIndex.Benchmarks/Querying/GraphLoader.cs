using CodeIndex.Testing;
using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Benchmarks.Querying;

/// <summary>Loads a <see cref="GeneratedGraph"/> into a migrated database by binary COPY (as the query tests' fixture does), then VACUUM ANALYZE until the visibility map covers both tables.</summary>
internal static class GraphLoader
{
    public const long IdBase = 1_000_000;

    public static long Id(int index) => IdBase + index;

    public static async Task<TimeSpan> LoadAsync(NpgsqlDataSource dataSource, GeneratedGraph graph, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        long repo;
        await using (var command = new NpgsqlCommand("INSERT INTO repositories (name, root_path) VALUES ('gen', '/gen') RETURNING id", connection))
        {
            repo = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY code_symbols (id, repository_id, project, symbol_key, name, qualified_name, kind, file_path, line_number, visibility, language, assembly_name, content_hash) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < graph.Names.Length; i++)
            {
                copy.StartRow();
                copy.Write(Id(i), NpgsqlDbType.Bigint);
                copy.Write(repo, NpgsqlDbType.Bigint);
                copy.Write($"p{i % 20:D2}", NpgsqlDbType.Text);
                copy.Write(graph.Key(i), NpgsqlDbType.Text);
                copy.Write(graph.Names[i][(graph.Names[i].LastIndexOf('.') + 1)..], NpgsqlDbType.Text);
                copy.Write(graph.Names[i], NpgsqlDbType.Text);
                copy.Write(graph.Kinds[i], NpgsqlDbType.Text);
                copy.Write($"src/f{i / 25:D5}.cs", NpgsqlDbType.Text);
                copy.Write(1 + (i % 25 * 10), NpgsqlDbType.Integer);
                copy.Write("public", NpgsqlDbType.Text);
                copy.Write("csharp", NpgsqlDbType.Text);
                copy.Write("gen", NpgsqlDbType.Text);
                copy.Write("h", NpgsqlDbType.Text);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY symbol_relationships (repository_id, source_id, target_id, relationship_type, site_count) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false))
        {
            foreach (var (source, target, type) in graph.Edges)
            {
                copy.StartRow();
                copy.Write(repo, NpgsqlDbType.Bigint);
                copy.Write(Id(source), NpgsqlDbType.Bigint);
                copy.Write(Id(target), NpgsqlDbType.Bigint);
                copy.Write(type, NpgsqlDbType.Text);
                copy.Write(1, NpgsqlDbType.Integer);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        // VACUUM marks pages all-visible only when no snapshot older than the load is open; autovacuum's own ANALYZE of the freshly
        // loaded tables often holds one, and the walk's index-only scans then fetch every heap tuple (~5 ms more per hub query).
        // Repeat until the visibility map covers the tables, as on a database autovacuum has caught up with.
        for (var pass = 0; pass < 10; pass++)
        {
            await using (var vacuum = new NpgsqlCommand("VACUUM ANALYZE code_symbols, symbol_relationships", connection) { CommandTimeout = 0 })
            {
                await vacuum.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var check = new NpgsqlCommand(
                "SELECT bool_and(relallvisible >= relpages * 0.99) FROM pg_class WHERE relname IN ('code_symbols', 'symbol_relationships')", connection);
            if ((bool)(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }

        return clock.Elapsed;
    }
}
