using CodeIndex.Benchmarks.Support;
using CodeIndex.Cli.Pipeline;

namespace CodeIndex.Benchmarks.Indexing;

/// <summary><c>index &lt;path&gt;</c>: restore once, then N repetitions of (bare Roslyn, index into a fresh database, re-index into the same database) in alternating order.</summary>
internal static class IndexBenchmark
{
    public static async Task RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        var input = args.Positional.Count > 0 ? Path.GetFullPath(args.Positional[0]) : throw new ArgumentException("index needs a path: index <.sln|.slnx|.csproj|folder>.");
        var repetitions = args.Int("--reps", 3);
        var reindex = !args.Flag("--no-reindex");
        var warmup = args.Flag("--warmup");
        args.RejectUnknown();

        Console.WriteLine($"input:        {input}");
        Console.WriteLine($"repetitions:  {repetitions} (order alternates: odd = bare first, even = index first){(reindex ? "; each index run is followed by a re-index into the same database" : "")}");
        var (restoreTime, problems) = await Restore.RunAsync(input, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"restore:      {Table.Seconds(restoreTime)} (dotnet restore once, up front; every measured run below skips restore){Describe(problems)}");
        Console.WriteLine();

        if (warmup)
        {
            // The first MSBuildWorkspace of a process pays JIT, BuildHost start-up and a cold file cache; keep that out of the figures.
            Console.Error.WriteLine("warm-up: one unmeasured bare Roslyn run…");
            Console.WriteLine($"warm-up:      one unmeasured bare Roslyn run took {Table.Seconds((await BareRoslynRun.RunAsync(input, cancellationToken).ConfigureAwait(false)).Total)}");
            Console.WriteLine();
        }

        var report = new IndexReport(restoreTime);
        await using var databases = new ThrowawayDatabases();
        for (var rep = 1; rep <= repetitions; rep++)
        {
            var bareFirst = rep % 2 == 1;
            if (bareFirst)
            {
                await BareAsync(report, rep, input, cancellationToken).ConfigureAwait(false);
            }

            var connectionString = await databases.CreateAsync("index", cancellationToken).ConfigureAwait(false);
            await IndexAsync(report, rep, IndexKind.Fresh, input, connectionString, cancellationToken).ConfigureAwait(false);
            if (reindex)
            {
                await IndexAsync(report, rep, IndexKind.Reindex, input, connectionString, cancellationToken).ConfigureAwait(false);
            }

            if (!bareFirst)
            {
                await BareAsync(report, rep, input, cancellationToken).ConfigureAwait(false);
            }
        }

        report.Print();
    }

    private static async Task BareAsync(IndexReport report, int rep, string input, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"[rep {rep}] bare Roslyn (load avg {MachineFacts.LoadAverage()})…");
        var memory = MemoryScope.Begin();
        var result = await BareRoslynRun.RunAsync(input, cancellationToken).ConfigureAwait(false);
        report.AddBare(rep, result, await memory.EndAsync().ConfigureAwait(false));
        Console.Error.WriteLine($"[rep {rep}] bare Roslyn: {Table.Seconds(result.Total)}");
    }

    private static async Task IndexAsync(IndexReport report, int rep, IndexKind kind, string input, string connectionString, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"[rep {rep}] index ({kind}) (load avg {MachineFacts.LoadAverage()})…");
        var memory = MemoryScope.Begin();
        IndexSummary summary = await PipelineRun.RunAsync(input, connectionString, cancellationToken).ConfigureAwait(false);
        report.AddIndex(rep, kind, summary, await memory.EndAsync().ConfigureAwait(false));
        Console.Error.WriteLine($"[rep {rep}] index ({kind}): {Table.Seconds(summary.Times.Total)}");
    }

    private static string Describe(IReadOnlyList<CodeIndex.Loading.LoadDiagnostic> problems) =>
        problems.Count == 0 ? "" : " — " + string.Join("; ", problems.Select(p => p.ToString()));
}

/// <summary>First index run into an empty database, or a re-index of the same input into the database that already holds it.</summary>
internal enum IndexKind
{
    Fresh,
    Reindex,
}
