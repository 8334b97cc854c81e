using CodeIndex.Benchmarks.Copying;
using CodeIndex.Benchmarks.Embedding;
using CodeIndex.Benchmarks.Generation;
using CodeIndex.Benchmarks.Indexing;
using CodeIndex.Benchmarks.Querying;
using CodeIndex.Benchmarks.Serving;
using CodeIndex.Benchmarks.Support;
using CodeIndex.Benchmarks.Watching;
using CodeIndex.Core.Errors;
using CodeIndex.Loading;

namespace CodeIndex.Benchmarks;

/// <summary>Dispatches the subcommands (index, generate, copy, query, embed, vectors); every one prints machine facts and load average first and last. Nothing here asserts a time.</summary>
internal static class BenchmarkApp
{
    private const string Usage = """
        usage: dotnet run -c Release --project benchmarks/CodeIndex.Benchmarks -- <command>
          index <path> [--reps 3] [--no-reindex] [--warmup]   index vs bare Roslyn (restore once, then alternate), per phase, memory, ratio
          generate <dir> [--files 3000] [--projects N]  write a generated solution (<dir>/Generated.sln) that builds with dotnet build
          copy [--symbols 200000] [--edges 500000] [--reps 3]   COPY rows/s: raw, StagingCopier, IndexWriteSession
          query [--symbols 100000] [--runs 200] [--full-runs 20] [--depth 5]     warm RelationshipQuery latency on the generated graph
          graph --db CONN [--repo NAME] [--runs 200] [--sample 100] [--seed 1] [--depth 5]   rows per relationship type and access, callers and references latency on an indexed real repository
          embed [--symbols 2000] [--reps 3] [--threads 2] [--spinning on|off] [--batch 64] [--bulk-threshold 1000 | --row-by-row-index] [--write-batch 512] [--overlap on|off] [--prefetch on|off] [--page-size 1024] texts/s: raw ONNX inference vs the whole EmbeddingPipeline, then an unchanged re-run
          watch <solution> [--edits 100] [--decl-edits 20] [--files 10] [--idle-after 15] [--idle-seconds 10] [--no-verify] [--trace FILE] [--db CONN]   the real watch daemon: save → visible (body and declaration edits) polled from this process, idle baseline, start-up, idle CPU, RSS, then the index vs a fresh full index
          mcp [--db CONN] [--repo NAME] [--sample 100] [--top 10] [--seed 1] [--depth 5] [--starts 5]   the real `codeindex mcp` through the SDK client: start → first answer, tool latency (sampled and most-called methods), search
          impact <git root> [--files 20] [--seed 1] [--runs 5] [--db CONN]   query impact --changed HEAD over a seeded N-file diff of a real repository (indexes HEAD as a revision first when missing)
          vectors [--sizes 10000,100000] [--runs 200] [--limit 10] [--db CONN: reuse a loaded database, one size] semantic (VectorSearch/HNSW) and hybrid (SymbolSearchService) latency
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        // Before any MSBuild type is loaded (the bare Roslyn run opens MSBuildWorkspace itself).
        WorkspaceLoader.EnsureMSBuildRegistered();
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        var facts = new MachineFacts();
        facts.PrintHeader(args);
        var rest = new Arguments(args.Skip(1));
        try
        {
            switch (args[0])
            {
                case "index":
                    await IndexBenchmark.RunAsync(rest, cancellation.Token).ConfigureAwait(false);
                    break;
                case "generate":
                    Generate(rest, cancellation.Token);
                    break;
                case "copy":
                    await CopyBenchmark.RunAsync(rest, cancellation.Token).ConfigureAwait(false);
                    break;
                case "query":
                    await QueryBenchmark.RunAsync(rest, cancellation.Token).ConfigureAwait(false);
                    break;
                case "graph":
                    await GraphBenchmark.RunAsync(rest, cancellation.Token).ConfigureAwait(false);
                    break;
                case "embed":
                    await EmbedBenchmark.RunAsync(rest, cancellation.Token).ConfigureAwait(false);
                    break;
                case "watch":
                    await WatchBenchmark.RunAsync(rest, cancellation.Token).ConfigureAwait(false);
                    break;
                case "mcp":
                    await McpBenchmark.RunAsync(rest, cancellation.Token).ConfigureAwait(false);
                    break;
                case "impact":
                    await ImpactBenchmark.RunAsync(rest, cancellation.Token).ConfigureAwait(false);
                    break;
                case "vectors":
                    await VectorBenchmark.RunAsync(rest, cancellation.Token).ConfigureAwait(false);
                    break;
                default:
                    Console.Error.WriteLine($"Unknown command '{args[0]}'.");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (Exception e) when (e is ArgumentException or CodeIndexException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled: the figures printed so far are complete rows; nothing else was measured.");
            return 130;
        }
        finally
        {
            facts.PrintFooter();
        }

        return 0;
    }

    private static void Generate(Arguments args, CancellationToken cancellationToken)
    {
        var dir = args.Positional.Count > 0 ? args.Positional[0] : throw new ArgumentException("generate needs a folder: generate <dir> [--files N].");
        var files = args.Int("--files", 3000);
        var projects = args.Text("--projects") is null ? (int?)null : args.Int("--projects", 4);
        args.RejectUnknown();
        SolutionGenerator.Run(dir, files, projects, cancellationToken);
    }
}
