using CodeIndex.Testing;
using CodeIndex.Benchmarks.Support;
using CodeIndex.Query;

namespace CodeIndex.Benchmarks.Querying;

/// <summary><c>query</c>: loads the generated ~100k-symbol/~500k-edge graph once, then times warm <see cref="RelationshipQuery"/> calls (p50/p95/max).</summary>
internal static class QueryBenchmark
{
    private const int WarmupRuns = 10;

    public static async Task RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        var size = args.Int("--symbols", 100_000);
        var runs = args.Int("--runs", 200);
        var fullRuns = args.Int("--full-runs", 20);
        var depth = args.Int("--depth", 5);
        args.RejectUnknown();

        var graph = GeneratedGraph.Create(size, seed: 20240611);
        await using var databases = new ThrowawayDatabases();
        var (context, database) = await CliDatabase.OpenAsync(await databases.CreateAsync("query", cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        using (context)
        await using (database)
        {
            var loadTime = await GraphLoader.LoadAsync(database.DataSource, graph, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"graph:        {graph.Names.Length:N0} symbols, {graph.Edges.Count:N0} edges ({graph.Edges.Count(e => e.Type == "calls"):N0} calls), {GeneratedGraph.Hubs} hubs; loaded by COPY + VACUUM ANALYZE in {Table.Seconds(loadTime)}");
            Console.WriteLine("database:     throwaway cluster (tests/CodeIndex.Testing PostgresCluster: local PostgreSQL 15 in /tmp, fsync off), queried through RelationshipQuery");
            Console.WriteLine($"timing:       {WarmupRuns} warm-up calls per case, then {runs} timed calls ({fullRuns} for limit 100,000: seconds each); wall clock around the awaited call, results materialised");
            Console.WriteLine();

            var query = new RelationshipQuery(database.DataSource);
            var hub = graph.TypeCount;
            var typical = graph.TypeCount + ((graph.Names.Length - graph.TypeCount) / 2);
            var hubCaller = graph.Edges.First(e => e.Type == "calls" && e.Target == hub).Source;
            var cli = new QueryOptions(depth, 100);
            var all = new QueryOptions(depth, 100_000);
            var far = (await query.CalleesAsync(GraphLoader.Id(typical), new QueryOptions(depth, 100_000), cancellationToken).ConfigureAwait(false)).Results[^1].Symbol.Id;

            var table = new Table("query (depth " + depth + ")", "from", "limit", "runs", "p50", "p95", "max", "results", "truncated");
            await CaseAsync(table, "callers", $"hub {graph.Names[hub]}", cli, runs, ct => query.CallersAsync(GraphLoader.Id(hub), cli, ct), cancellationToken).ConfigureAwait(false);
            await CaseAsync(table, "callers", $"typical {graph.Names[typical]}", cli, runs, ct => query.CallersAsync(GraphLoader.Id(typical), cli, ct), cancellationToken).ConfigureAwait(false);
            await CaseAsync(table, "callers", $"hub {graph.Names[hub]}", all, fullRuns, ct => query.CallersAsync(GraphLoader.Id(hub), all, ct), cancellationToken).ConfigureAwait(false);
            await CaseAsync(table, "callers", $"typical {graph.Names[typical]}", all, fullRuns, ct => query.CallersAsync(GraphLoader.Id(typical), all, ct), cancellationToken).ConfigureAwait(false);
            await CaseAsync(table, "callees", $"typical {graph.Names[typical]}", cli, runs, ct => query.CalleesAsync(GraphLoader.Id(typical), cli, ct), cancellationToken).ConfigureAwait(false);
            await CaseAsync(table, "callees", $"hub caller {graph.Names[hubCaller]}", cli, runs, ct => query.CalleesAsync(GraphLoader.Id(hubCaller), cli, ct), cancellationToken).ConfigureAwait(false);
            await CaseAsync(table, "impact", $"typical {graph.Names[typical]}", cli, runs, ct => query.ImpactAsync(GraphLoader.Id(typical), cli, ct), cancellationToken).ConfigureAwait(false);
            await CaseAsync(table, "impact", $"hub {graph.Names[hub]}", cli, runs, ct => query.ImpactAsync(GraphLoader.Id(hub), cli, ct), cancellationToken).ConfigureAwait(false);
            await CaseAsync(table, "path", $"typical → {graph.Names[far - GraphLoader.IdBase]}", cli, runs, ct => query.PathAsync(GraphLoader.Id(typical), far, cli, ct), cancellationToken).ConfigureAwait(false);
            table.Print("Warm query latency through RelationshipQuery (target: callers --depth 5 < 20 ms from hub and typical; limit 100 is the CLI default)");
        }
    }

    private static async Task CaseAsync(Table table, string kind, string from, QueryOptions options, int runs, Func<CancellationToken, Task<QueryPage>> run, CancellationToken cancellationToken)
    {
        var (times, page) = await WarmTiming.RunAsync(WarmupRuns, runs, run, cancellationToken).ConfigureAwait(false);
        table.Add(kind, from, kind == "path" ? "–" : options.Limit, runs, Table.Ms(Percentiles.Of(times, 50)), Table.Ms(Percentiles.Of(times, 95)), Table.Ms(times.Max()),
            page.Results.Count, page.Truncated ? "yes" : "no");
        Console.Error.WriteLine($"{kind} from {from} limit {options.Limit}: p50 {Percentiles.Of(times, 50):F1} ms, p95 {Percentiles.Of(times, 95):F1} ms, max {times.Max():F1} ms, {page.Results.Count} results (load avg {MachineFacts.LoadAverage()})");
    }
}
