using System.Diagnostics;
using CodeIndex.Benchmarks.Support;
using CodeIndex.Storage.Connection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Npgsql;

namespace CodeIndex.Benchmarks.Serving;

/// <summary>
/// <c>mcp</c>: the real <c>codeindex mcp</c> server through the SDK's stdio client, on a repository already indexed (the
/// embedded database by default). Start → first answer (a fresh process each time), then warm tool latency per call for a
/// seeded sample of methods with at least one caller and for the most-called methods, and search over questions made of
/// the sample's names. Figures are client round trips: JSON-RPC over the pipe, the tool, the database.
/// </summary>
internal static class McpBenchmark
{
    public static async Task RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        var connection = args.Text("--db");
        var repoName = args.Text("--repo");
        var sampleSize = args.Int("--sample", 100);
        var topSize = args.Int("--top", 10);
        var seed = args.Int("--seed", 1);
        var depth = args.Int("--depth", 5);
        var starts = args.Int("--starts", 5);
        args.RejectUnknown();

        await using var db = await DatabaseConnector.OpenAsync(connection, null, cancellationToken).ConfigureAwait(false);
        var (root, name) = await RepositoryAsync(db, repoName, cancellationToken).ConfigureAwait(false);
        var all = await HandlesAsync(db, name, """
            SELECT t.symbol_key || '@' || t.assembly_name, t.name FROM code_symbols t JOIN repositories r ON r.id = t.repository_id
            WHERE r.name = $1 AND t.kind = 'method' AND NOT t.is_external
              AND EXISTS (SELECT 1 FROM symbol_relationships x WHERE x.target_id = t.id AND x.relationship_type = 'calls')
            ORDER BY 1
            """, cancellationToken).ConfigureAwait(false);
        var sample = new List<(string Handle, string Name)>(all);
        new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sample));
        sample = sample.Take(sampleSize).ToList();
        var top = await HandlesAsync(db, name, $"""
            SELECT t.symbol_key || '@' || t.assembly_name, t.name FROM symbol_relationships x JOIN code_symbols t ON t.id = x.target_id
            JOIN repositories r ON r.id = t.repository_id
            WHERE r.name = $1 AND x.relationship_type = 'calls' AND t.kind = 'method' AND NOT t.is_external
            GROUP BY t.id ORDER BY count(*) DESC, t.id LIMIT {topSize}
            """, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"repository:   {name} ({root}); {all.Count} methods with a caller; sample {sample.Count} (seed {seed}), top {top.Count}; depth {depth}");

        var extra = connection is null ? Array.Empty<string>() : ["--db", connection];
        var startTimes = new List<double>();
        for (var i = 0; i < starts; i++)
        {
            var clock = Stopwatch.StartNew();
            await using var client = await ConnectAsync(extra, root, cancellationToken).ConfigureAwait(false);
            var first = await client.CallToolAsync("callers", new Dictionary<string, object?> { ["symbol"] = sample[0].Handle, ["depth"] = depth }, cancellationToken: cancellationToken).ConfigureAwait(false);
            startTimes.Add(clock.Elapsed.TotalMilliseconds);
            Check(first, "callers");
        }

        var startTable = new Table("case", "runs", "p50", "max", "load avg");
        startTable.Add("process start → first callers answer", startTimes.Count, Table.Ms(Percentiles.Of(startTimes, 50)), Table.Ms(startTimes.Max()), MachineFacts.LoadAverage());
        startTable.Print("Server start to first answer (a fresh `codeindex mcp <root>` each run; the embedding model loads in the background)");

        await using var server = await ConnectAsync(extra, root, cancellationToken).ConfigureAwait(false);
        var table = new Table("tool", "targets", "calls", "p50", "p95", "max", "avg results", "load avg");
        foreach (var (label, targets) in new[] { ($"{sample.Count} sampled", sample), ($"{top.Count} most-called", top) })
        {
            foreach (var tool in new[] { "callers", "callees", "impact", "references", "get_symbol" })
            {
                var times = new List<double>();
                long results = 0;
                foreach (var (handle, _) in targets)
                {
                    var arguments = new Dictionary<string, object?> { ["symbol"] = handle };
                    if (tool is "callers" or "callees" or "impact")
                    {
                        arguments["depth"] = depth;
                    }

                    var (each, last) = await WarmTiming.RunAsync(1, 3, ct => server.CallToolAsync(tool, arguments, cancellationToken: ct).AsTask(), cancellationToken).ConfigureAwait(false);
                    Check(last, tool);
                    times.AddRange(each);
                    results += Count(last);
                }

                table.Add(tool + (tool is "callers" or "callees" or "impact" ? $" depth {depth}" : ""), label, times.Count, Table.Ms(Percentiles.Of(times, 50)), Table.Ms(Percentiles.Of(times, 95)), Table.Ms(times.Max()),
                    (results / (double)targets.Count).ToString("F1", System.Globalization.CultureInfo.InvariantCulture), MachineFacts.LoadAverage());
            }
        }

        // Questions made of the sample's method names split into words ("ExecuteCore" → "execute core").
        var searchTimes = new List<double>();
        foreach (var (_, method) in sample.Take(50))
        {
            var words = string.Join(' ', System.Text.RegularExpressions.Regex.Split(method, "(?<=[a-z])(?=[A-Z])").Select(w => w.ToLowerInvariant()));
            var (each, last) = await WarmTiming.RunAsync(1, 3, ct => server.CallToolAsync("search", new Dictionary<string, object?> { ["query"] = words }, cancellationToken: ct).AsTask(), cancellationToken).ConfigureAwait(false);
            Check(last, "search");
            searchTimes.AddRange(each);
        }

        table.Add("search (hybrid, limit 10)", "50 questions from sampled names", searchTimes.Count, Table.Ms(Percentiles.Of(searchTimes, 50)), Table.Ms(Percentiles.Of(searchTimes, 95)), Table.Ms(searchTimes.Max()), "10", MachineFacts.LoadAverage());
        table.Print("Warm tool latency through the SDK stdio client (targets: graph tools depth ≤ 5 p95 < 30 ms sampled, < 50 ms most-called; search p95 < 50 ms)");
    }

    private static async Task<McpClient> ConnectAsync(string[] extra, string root, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { Path.Combine(AppContext.BaseDirectory, "codeindex.dll") };
        arguments.AddRange(extra);
        arguments.AddRange(["mcp", root]);
        return await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions { Name = "codeindex", Command = "dotnet", Arguments = arguments }), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static void Check(CallToolResult result, string tool)
    {
        if (result.IsError is true)
        {
            throw new InvalidOperationException($"{tool} failed: {string.Join('\n', result.Content.OfType<TextContentBlock>().Select(t => t.Text))}");
        }
    }

    private static int Count(CallToolResult result)
    {
        var json = result.StructuredContent!.Value;
        foreach (var name in new[] { "results", "sites", "symbols" })
        {
            if (json.TryGetProperty(name, out var list))
            {
                return list.GetArrayLength();
            }
        }

        return 0;
    }

    private static async Task<(string Root, string Name)> RepositoryAsync(NpgsqlDataSource db, string? name, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT root_path, name FROM repositories WHERE indexed_at IS NOT NULL AND ($1::text IS NULL OR name = $1) ORDER BY id");
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)name ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var found = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add((reader.GetString(0), reader.GetString(1)));
        }

        return found.Count == 1 ? found[0] : throw new ArgumentException($"Expected one indexed repository{(name is null ? "" : $" named {name}")}, found {found.Count}: pass --repo NAME.");
    }

    private static async Task<List<(string Handle, string Name)>> HandlesAsync(NpgsqlDataSource db, string repo, string sql, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = repo });
        var result = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add((reader.GetString(0), reader.GetString(1)));
        }

        return result;
    }
}
