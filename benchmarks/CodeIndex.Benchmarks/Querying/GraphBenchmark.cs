using CodeIndex.Benchmarks.Support;
using CodeIndex.Query;
using Npgsql;

namespace CodeIndex.Benchmarks.Querying;

/// <summary>
/// <c>graph</c>: on a repository already indexed into <c>--db</c>, prints its rows per relationship type and site access, then
/// times warm depth-5 <c>callers</c> for a seeded sample of methods with at least one caller and for the most-called source
/// symbol, and the first page of <c>references</c> for the most-used field and the most-used source and external types.
/// </summary>
internal static class GraphBenchmark
{
    private const int WarmupRuns = 5;

    private const string RowsSql = """
        SELECT r.relationship_type, coalesce(x.access, '–'), coalesce(x.is_implicit::text, '–'), count(DISTINCT r.id), count(x.relationship_id)
        FROM symbol_relationships r LEFT JOIN relationship_sites x ON x.relationship_id = r.id
        WHERE r.repository_id = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        """;

    public static async Task RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        var connection = args.Text("--db") ?? throw new ArgumentException("graph needs --db CONN: a database that holds an indexed repository.");
        var repoName = args.Text("--repo");
        var runs = args.Int("--runs", 200);
        var sampleSize = args.Int("--sample", 100);
        var seed = args.Int("--seed", 1);
        var depth = args.Int("--depth", 5);
        args.RejectUnknown();

        await using var db = CodeIndex.Storage.Connection.DatabaseConnector.Create(connection);
        var (repo, name) = await RepositoryAsync(db, repoName, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"repository:   {name} (id {repo}); warm-up {WarmupRuns} calls per case");
        Console.WriteLine();

        var rows = new Table("relationship", "access", "implicit", "relationships", "sites");
        await using (var command = new NpgsqlCommand(RowsSql, await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false)) { Parameters = { new() { Value = repo } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4));
            }
        }

        rows.Print("Rows per relationship type and site access");

        var graph = new RelationshipQuery(db);
        var references = new ReferenceQuery(db);
        var options = new QueryOptions(depth, 100);
        var table = new Table("query", "from", "runs", "p50", "p95", "max", "results", "load avg");

        var methods = await IdsAsync(db, repo, """
            SELECT t.id FROM code_symbols t WHERE t.repository_id = $1 AND t.kind = 'method' AND NOT t.is_external
              AND EXISTS (SELECT 1 FROM symbol_relationships r WHERE r.target_id = t.id AND r.relationship_type = 'calls')
            ORDER BY t.symbol_key
            """, cancellationToken).ConfigureAwait(false);
        var sample = new List<long>(methods);
        new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sample));
        sample = sample.Take(sampleSize).ToList();
        var perMethod = Math.Max(1, runs / Math.Max(1, sample.Count));
        var times = new List<double>();
        var results = 0;
        foreach (var id in sample)
        {
            var (each, last) = await WarmTiming.RunAsync(WarmupRuns, perMethod, ct => graph.CallersAsync(id, options, ct), cancellationToken).ConfigureAwait(false);
            times.AddRange(each);
            results += last.Results.Count;
        }

        table.Add($"callers depth {depth}", $"{sample.Count} sampled methods (seed {seed}) of {methods.Count} with a caller", times.Count, Table.Ms(Percentiles.Of(times, 50)), Table.Ms(Percentiles.Of(times, 95)), Table.Ms(times.Max()), $"{results / (double)sample.Count:F1} avg", MachineFacts.LoadAverage());

        var hub = await TopAsync(db, repo, "calls", "NOT t.is_external", cancellationToken).ConfigureAwait(false);
        await CaseAsync(table, $"callers depth {depth}", hub, runs, async ct => (await graph.CallersAsync(hub.Symbol.Id, options, ct).ConfigureAwait(false)).Results.Count, cancellationToken).ConfigureAwait(false);

        var field = await TopAsync(db, repo, "uses", "t.kind = 'field'", cancellationToken).ConfigureAwait(false);
        var sourceType = await TopAsync(db, repo, "references", "NOT t.is_external AND t.kind IN ('class', 'struct', 'record', 'record_struct', 'interface', 'enum', 'delegate')", cancellationToken).ConfigureAwait(false);
        var externalType = await TopAsync(db, repo, "references", "t.is_external AND t.kind IN ('class', 'struct', 'record', 'record_struct', 'interface', 'enum', 'delegate')", cancellationToken).ConfigureAwait(false);
        foreach (var target in new[] { field, sourceType, externalType })
        {
            await CaseAsync(table, "references (first page, 100)", target, runs, async ct => (await references.FindAsync([target.Symbol], null, 100, ct).ConfigureAwait(false)).Sites.Count, cancellationToken).ConfigureAwait(false);
        }

        table.Print("Warm latency through RelationshipQuery / ReferenceQuery (targets: callers p95 < 20 ms typical, < 40 ms hub; references p95 < 30 ms)");
    }

    private static async Task CaseAsync(Table table, string kind, Top target, int runs, Func<CancellationToken, Task<int>> run, CancellationToken cancellationToken)
    {
        var (times, count) = await WarmTiming.RunAsync(WarmupRuns, runs, run, cancellationToken).ConfigureAwait(false);
        table.Add(kind, $"{target.Symbol.QualifiedName} ({target.Symbol.Kind}, {target.Uses} {target.What})", runs, Table.Ms(Percentiles.Of(times, 50)), Table.Ms(Percentiles.Of(times, 95)), Table.Ms(times.Max()), count, MachineFacts.LoadAverage());
    }

    private static async Task<(long Id, string Name)> RepositoryAsync(NpgsqlDataSource db, string? name, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT id, name FROM repositories WHERE $1::text IS NULL OR name = $1 ORDER BY id");
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)name ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<(long, string)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return found.Count == 1 ? found[0] : throw new ArgumentException($"Expected one repository{(name is null ? "" : $" named {name}")}, found {found.Count}: pass --repo NAME.");
    }

    private static async Task<List<long>> IdsAsync(NpgsqlDataSource db, long repo, string sql, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = repo });
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>The symbol with the most distinct sources (calls) or sites (uses, references) of <paramref name="type"/>, among those matching <paramref name="filter"/>.</summary>
    private static async Task<Top> TopAsync(NpgsqlDataSource db, long repo, string type, string filter, CancellationToken cancellationToken)
    {
        var measure = type == "calls" ? "count(*)" : "sum(r.site_count)";
        await using var command = db.CreateCommand($"""
            SELECT r.target_id, {measure} FROM symbol_relationships r JOIN code_symbols t ON t.id = r.target_id
            WHERE r.repository_id = $1 AND r.relationship_type = '{type}' AND {filter}
            GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = repo });
        long id, uses;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new ArgumentException($"The repository has no {type} edge into a symbol matching {filter}.");
            }

            (id, uses) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        await using var lookup = db.CreateCommand($"SELECT {SymbolRow.Columns} FROM code_symbols s WHERE s.id = $1");
        lookup.Parameters.Add(new NpgsqlParameter { Value = id });
        var symbol = (await SymbolRow.ReadAllAsync(lookup, cancellationToken).ConfigureAwait(false))[0];
        return new Top(symbol, uses, type == "calls" ? "callers" : "sites");
    }

    private sealed record Top(SymbolInfo Symbol, long Uses, string What);
}
