using System.Diagnostics;
using CodeIndex.Benchmarks.Support;
using CodeIndex.Core.Model;
using CodeIndex.Storage.Writing;
using Npgsql;

namespace CodeIndex.Benchmarks.Copying;

/// <summary><c>copy</c>: rows/s of a hand-written COPY, of our <see cref="StagingCopier"/>, and of a whole <see cref="IndexWriteSession"/> (fresh and re-index), on synthetic records.</summary>
internal static class CopyBenchmark
{
    private const int SymbolsPerBatch = 40; // one "document"

    public static async Task RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        var symbolCount = args.Int("--symbols", 200_000);
        var edgeCount = args.Int("--edges", 500_000);
        var repetitions = args.Int("--reps", 3);
        args.RejectUnknown();

        var symbols = SyntheticRecords.Symbols(symbolCount);
        var edges = SyntheticRecords.Relationships(symbols, edgeCount);
        Console.WriteLine($"records:      {symbols.Count:N0} symbols (+ {symbols.Count:N0} locations), {edges.Count:N0} relationship occurrences; staging COPYs repeated {repetitions}×, median shown");
        Console.WriteLine("database:     throwaway cluster (tests/CodeIndex.Testing PostgresCluster: local PostgreSQL 15 in /tmp, fsync off)");
        Console.WriteLine();

        await using var databases = new ThrowawayDatabases();
        var (context, database) = await CliDatabase.OpenAsync(await databases.CreateAsync("copy", cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        using (context)
        await using (database)
        {
            var table = new Table("path", "rows", "median time", "rows/s", "runs (s)");
            await StagingAsync(database.DataSource, "raw COPY (sync writes) — symbols → staging", symbols.Count, repetitions, table,
                (c, ct) => RawCopy.SymbolsAsync(c, symbols, ct), cancellationToken).ConfigureAwait(false);
            await StagingAsync(database.DataSource, "raw COPY (sync writes) — edges → staging", edges.Count, repetitions, table,
                (c, ct) => RawCopy.EdgesAsync(c, edges, ct), cancellationToken).ConfigureAwait(false);
            await StagingAsync(database.DataSource, "StagingCopier (ours) — symbols + locations → staging", symbols.Count * 2, repetitions, table,
                (c, ct) => Timed(() => StagingCopier.CopySymbolsAsync(c, symbols, 0, ct)), cancellationToken).ConfigureAwait(false);
            await StagingAsync(database.DataSource, "StagingCopier (ours) — edges → staging", edges.Count, repetitions, table,
                (c, ct) => Timed(() => StagingCopier.CopyEdgesAsync(c, edges, ct)), cancellationToken).ConfigureAwait(false);
            table.Print("COPY into the session's TEMP staging tables (target ≥ 100,000 rows/s)");

            var sessions = new Table("IndexWriteSession run", "rows copied", "COPY time", "COPY rows/s", "merge", "wall (write + commit)", "rows/s overall", "symbols", "relationships", "dropped");
            var repository = await database.Repositories.GetOrCreateAsync("/tmp/codeindex-bench-copy", cancellationToken).ConfigureAwait(false);
            foreach (var label in new[] { "fresh (empty repository)", "re-index (all rows unchanged)" })
            {
                var (wall, result) = await SessionAsync(database.DataSource, repository.Id, symbols, edges, cancellationToken).ConfigureAwait(false);
                sessions.Add(label, result.CopiedRows, result.CopyTime, result.CopyRowsPerSecond, result.MergeTime, wall,
                    result.CopiedRows / wall.TotalSeconds, result.SymbolsWritten, result.Relationships, result.DroppedEdges);
            }

            sessions.Print($"Whole write session: batches of {SymbolsPerBatch} symbols + ~{edgeCount / Math.Max(1, symbolCount / SymbolsPerBatch)} edges (one document each), COPY at every {IndexWriteOptions.Default.FlushRows:N0} pending rows, then merge into the index");
        }
    }

    private static async Task StagingAsync(
        NpgsqlDataSource dataSource, string label, int rows, int repetitions, Table table,
        Func<NpgsqlConnection, CancellationToken, Task<TimeSpan>> copy, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var create = new NpgsqlCommand(StagingCopier.CreateStagingSql, connection, transaction))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            times.Add((await copy(connection, cancellationToken).ConfigureAwait(false)).TotalSeconds);
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }

        var median = Percentiles.Median(times);
        table.Add(label, rows, TimeSpan.FromSeconds(median), rows / median, string.Join(" / ", times.Select(t => t.ToString("F2", System.Globalization.CultureInfo.InvariantCulture))));
    }

    private static async Task<(TimeSpan Wall, CommitResult Result)> SessionAsync(
        NpgsqlDataSource dataSource, long repositoryId, List<SymbolRecord> symbols, List<RelationshipRecord> edges, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var session = await new SymbolWriter(dataSource).BeginAsync(repositoryId, cancellationToken: cancellationToken).ConfigureAwait(false);
        var batches = (symbols.Count + SymbolsPerBatch - 1) / SymbolsPerBatch;
        var edgesPerBatch = (edges.Count + batches - 1) / batches;
        for (var b = 0; b < batches; b++)
        {
            var batchSymbols = symbols.GetRange(b * SymbolsPerBatch, Math.Min(SymbolsPerBatch, symbols.Count - (b * SymbolsPerBatch)));
            var edgeStart = Math.Min(edges.Count, b * edgesPerBatch);
            var batchEdges = edges.GetRange(edgeStart, Math.Min(edgesPerBatch, edges.Count - edgeStart));
            await session.WriteAsync(new ExtractionBatch(batchSymbols[0].FilePath, batchSymbols, batchEdges), cancellationToken).ConfigureAwait(false);
        }

        var result = await session.CommitAsync("{\"benchmark\":\"copy\"}", cancellationToken).ConfigureAwait(false);
        return (clock.Elapsed, result);
    }

    private static async Task<TimeSpan> Timed(Func<Task<long>> copy)
    {
        var clock = Stopwatch.StartNew();
        await copy().ConfigureAwait(false);
        return clock.Elapsed;
    }
}
