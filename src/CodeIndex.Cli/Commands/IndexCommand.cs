using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CodeIndex.Cli.Output;
using CodeIndex.Cli.Pipeline;
using CodeIndex.Core.Errors;

namespace CodeIndex.Cli.Commands;

/// <summary><c>index &lt;path&gt;</c>: load, extract and write a repository's symbols and relationships in one atomic run.</summary>
internal static class IndexCommand
{
    public static Command Build()
    {
        var path = new Argument<string>("path")
        {
            Description = "A .sln, .slnx, .csproj, or a folder (its solution, else its projects, else its loose .cs files).",
            DefaultValueFactory = _ => ".",
        };
        var framework = new Option<string?>("--framework", "-f") { Description = "Target framework to index for multi-targeted projects (default: the newest with the fewest compile errors)." };
        var noRestore = new Option<bool>("--no-restore") { Description = "Do not run 'dotnet restore' before loading." };
        var noWait = new Option<bool>("--no-wait") { Description = "Fail instead of waiting when another index run holds this repository." };
        var noEmbed = new Option<bool>("--no-embed") { Description = "Index the symbol graph only; compute no embeddings (search then answers lexically)." };
        var maxFileSize = new Option<long>("--max-file-size") { Description = "Skip source files larger than this many bytes, with a warning (default 2 MiB).", DefaultValueFactory = _ => Loading.DocumentFilter.DefaultMaxFileBytes };
        var reembed = new Option<bool>("--reembed") { Description = "Recompute this repository's embeddings (after switching models)." };
        var revision = new Option<string?>("--revision") { Description = "Index this git revision (branch, tag, commit) from a worktree, as a repository of its own (<name>@<commit>): the base side of 'query impact --changed'." };
        var failOnLoadErrors = new Option<bool>("--fail-on-load-errors") { Description = "Exit 3 when projects did not load (the rest is still indexed and committed). Implied by --ci." };
        var command = new Command("index", "Index a C# repository into PostgreSQL (atomically: readers see the old index until the new one is complete).")
        {
            path, framework, noRestore, noWait, noEmbed, reembed, maxFileSize, failOnLoadErrors, revision,
        };
        CommandRunner.SetAction(command, async (context, parseResult, ct) =>
        {
            var input = parseResult.GetValue(path)!;
            if (!File.Exists(input) && !Directory.Exists(input))
            {
                throw new UserInputException("path_not_found", $"'{input}' does not exist. To fix this, pass a .sln, .slnx, .csproj or a folder that contains C# code.");
            }

            if (parseResult.GetValue(maxFileSize) < 1)
            {
                throw new UserInputException("invalid_option", $"--max-file-size must be at least 1 byte (got {parseResult.GetValue(maxFileSize)}).");
            }

            RevisionWorktree.Checkout? checkout = null;
            if (parseResult.GetValue(revision) is { } rev)
            {
                checkout = await RevisionWorktree.PrepareAsync(Path.GetFullPath(input), rev, ct).ConfigureAwait(false);
                input = checkout.Input;
            }

            var request = new IndexRequest(Path.GetFullPath(input), parseResult.GetValue(framework), !parseResult.GetValue(noRestore), parseResult.GetValue(noWait), parseResult.GetValue(maxFileSize));
            var clock = Stopwatch.StartNew();
            using var progress = new ProgressDisplay(context);
            progress.Report("opening the database");
            await using var db = await Database.OpenAsync(context, ct).ConfigureAwait(false);
            var databaseTime = clock.Elapsed;

            // Start-up checks before any work: model present and of the stored dimension, Chroma configured or not.
            using var embedding = parseResult.GetValue(noEmbed) ? null : await EmbeddingStep.StartAsync(db, context.ModelFolder, context.LoggerFactory, ct).ConfigureAwait(false);
            await using var chroma = embedding is null ? null : ChromaMirror.Create(db, context);

            var summary = await new IndexPipeline(db, context.LoggerFactory).RunAsync(request, progress, ct).ConfigureAwait(false);
            if (checkout is not null)
            {
                await db.Repositories.TagRevisionAsync(summary.RepositoryId, checkout.Name, checkout.Commit, checkout.SourceRoot, ct).ConfigureAwait(false);
                summary = summary with { Repository = checkout.Name };
            }
            if (chroma is not null)
            {
                await chroma.EnableAsync(summary.RepositoryId, ct).ConfigureAwait(false);
                chroma.StartBackground();
            }

            if (embedding is not null)
            {
                var embedClock = Stopwatch.StartNew();
                var run = await embedding.RunAsync(summary.RepositoryId, parseResult.GetValue(reembed), progress, ct).ConfigureAwait(false);
                summary = summary with
                {
                    Embeddings = new EmbeddingSummary(embedding.ModelId, embedding.Dimension, run.Symbols, run.Embedded, run.ReusedFromCache, run.Unchanged, run.Pending, embedClock.Elapsed.TotalSeconds, run.TextsPerSecond),
                };
            }

            if (chroma is not null)
            {
                progress.Report("mirroring vectors to ChromaDB");
                var pending = await chroma.FinishAsync(summary.RepositoryId, ct).ConfigureAwait(false);
                summary = summary with { Chroma = new ChromaSummary(chroma.Options.Url.ToString(), pending) };
                if (pending > 0)
                {
                    context.Output.Notice($"warning: {pending} document(s) wait in the ChromaDB outbox (Chroma at {chroma.Options.Url} is unreachable or slow); they are sent on the next run or by 'codeindex chroma sync'.");
                }
            }

            var failOnProblems = parseResult.GetValue(failOnLoadErrors) || context.Ci;
            var exitCode = failOnProblems && summary.LoadErrors > 0 ? ExitCodes.DoneWithProblems : ExitCodes.Success;
            summary = summary with { Times = summary.Times with { Database = databaseTime, Total = clock.Elapsed }, ExitCode = exitCode };
            progress.Dispose();
            if (exitCode == ExitCodes.DoneWithProblems)
            {
                context.Output.Notice($"error: {summary.LoadErrors} load error(s): the index was written for what loaded, and this run fails (exit 3) because of --fail-on-load-errors / --ci.");
            }

            Print(context, summary);
            return exitCode;
        });
        return command;
    }

    private static void Print(CliContext context, IndexSummary s)
    {
        if (context.JsonOutput)
        {
            foreach (var d in s.Diagnostics)
            {
                context.Output.Notice($"{d.Severity}: {d.Message} (×{d.Count}{(d.Example is null ? "" : $", e.g. {d.Example}")})");
            }

            context.Output.WriteJson(new[] { s });
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        static string Sec(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
        var w = Console.Out;
        w.WriteLine($"Indexed '{s.Repository}' ({s.RootPath}) in {Sec(s.Times.Total)}");
        w.WriteLine(string.Create(inv, $"  projects       {s.Projects}{(s.Replaced == "repository" ? "" : $" (replaced {s.Replaced}; the rest of the repository is kept)")}"));
        w.WriteLine(string.Create(inv, $"  documents      {s.Documents}{(s.SkippedDocuments > 0 ? $" ({s.SkippedDocuments} skipped)" : "")}"));
        w.WriteLine(string.Create(inv, $"  symbols        {s.Symbols:N0} ({s.SymbolsInserted:N0} new, {s.SymbolsUpdated:N0} changed, {s.SymbolsDeleted:N0} removed)"));
        w.WriteLine(string.Create(inv, $"  relationships  {s.Relationships:N0}{(s.DroppedEdges > 0 ? $" ({s.DroppedEdges:N0} occurrences dropped: endpoint not indexed)" : "")}"));
        if (s.Embeddings is { } e)
        {
            w.WriteLine(string.Create(inv, $"  embeddings     {e.Symbols:N0} symbols with model {e.Model} ({e.Dimension}-d): {e.Embedded:N0} computed ({e.TextsPerSecond:N0} texts/s), {e.ReusedFromCache:N0} from cache, {e.Unchanged:N0} unchanged, {e.Pending:N0} pending; {e.Seconds:0.00} s"));
        }

        if (s.Chroma is { } c)
        {
            w.WriteLine(string.Create(inv, $"  chromadb       {c.Url}: {(c.PendingInOutbox == 0 ? "in sync" : $"{c.PendingInOutbox:N0} document(s) waiting in the outbox")}"));
        }

        w.WriteLine(string.Create(inv, $"  load problems  {s.LoadErrors} error(s), {s.LoadWarnings} warning(s); compile errors {s.CompileErrors}"));
        w.WriteLine(string.Create(inv,
            $"  time           database {Sec(s.Times.Database)}, restore {Sec(s.Times.Restore)}, load {Sec(s.Times.Load)}, extract {Sec(s.Times.Extract)} (bind {Sec(s.Times.Bind)}, walk {Sec(s.Times.Walk)}), COPY {Sec(s.Times.Copy)} ({s.CopyRowsPerSecond:N0} rows/s), merge {Sec(s.Times.Merge)}"));
        foreach (var d in s.Diagnostics)
        {
            context.Output.Notice($"  {d.Severity}: {d.Message} (×{d.Count}{(d.Example is null ? "" : $", e.g. {d.Example}")})");
        }

        foreach (var skipped in s.Skipped.Take(20))
        {
            context.Output.Notice($"  skipped: {skipped}");
        }
    }
}
