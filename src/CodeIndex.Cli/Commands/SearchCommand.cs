using System.CommandLine;
using System.Globalization;
using CodeIndex.Cli.Output;
using CodeIndex.Cli.Pipeline;
using CodeIndex.Core.Errors;
using CodeIndex.Embeddings;
using CodeIndex.Query;

namespace CodeIndex.Cli.Commands;

/// <summary><c>search "&lt;text&gt;"</c>: exact, full-text, semantic or hybrid (default) search over indexed symbols.</summary>
internal static class SearchCommand
{
    public static Command Build()
    {
        var text = new Argument<string>("text") { Description = "Words, a name or a question, e.g. \"where do we retry HTTP calls\"." };
        var mode = new Option<string>("--mode") { Description = "exact | fulltext | semantic | hybrid (default: hybrid = rank fusion of full-text and semantic).", DefaultValueFactory = _ => "hybrid" };
        mode.AcceptOnlyFromAmong("exact", "fulltext", "semantic", "hybrid");
        var limit = new Option<int>("--limit") { Description = "Maximum number of results (default 10).", DefaultValueFactory = _ => 10 };
        var kind = new Option<string[]>("--kind") { Description = "Only these kinds (class, method, property, …); repeat or comma-separate.", AllowMultipleArgumentsPerToken = true };
        var project = new Option<string?>("--project") { Description = "Only symbols of this project." };
        var path = new Option<string?>("--path") { Description = "Only symbols under this path prefix (relative to the repository root)." };
        var store = new Option<string>("--store") { Description = "Where semantic neighbours come from: pgvector (primary, default) or chroma.", DefaultValueFactory = _ => "pgvector" };
        store.AcceptOnlyFromAmong("pgvector", "chroma");
        var command = new Command("search", "Search symbols by words: exact, fulltext, semantic or hybrid. Scores: higher is better.")
        {
            text, mode, limit, kind, project, path, store,
        };
        command.Options.Add(QueryOptionsBinder.Repo);
        CommandRunner.SetAction(command, async (context, parseResult, ct) =>
        {
            var searchMode = Enum.Parse<SearchMode>(parseResult.GetValue(mode)!, ignoreCase: true);
            var kinds = parseResult.GetValue(kind)?.SelectMany(k => k.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            if (string.IsNullOrWhiteSpace(parseResult.GetValue(text)))
            {
                throw new UserInputException("empty_query", "The search text is empty. Pass words, a name or a question, e.g. search \"parse a connection string\".");
            }

            // The model loads (~0.4 s: ONNX Runtime session, vocabulary, a probe inference) while the database opens; the query is then embedded
            // beside the database's work with two intra-op threads that sleep when idle (OnnxEmbedderOptions.ForQueries).
            var embedderLoad = searchMode is SearchMode.Exact or SearchMode.Fulltext
                ? null
                : Task.Run(() => OnnxTextEmbedder.Load(EmbeddingModelLocator.Locate(context.ModelFolder), OnnxEmbedderOptions.ForQueries), ct);
            OnnxTextEmbedder? embedder = null;
            try
            {
                await using var db = await Database.OpenAsync(context, ct).ConfigureAwait(false);
                var repositoryId = await Database.ResolveRepositoryAsync(db, parseResult.GetValue(QueryOptionsBinder.Repo), ct).ConfigureAwait(false);
                var request = new SearchRequest(parseResult.GetValue(text) ?? "", searchMode, parseResult.GetValue(limit), repositoryId,
                    kinds is { Count: > 0 } ? kinds : null, parseResult.GetValue(project), parseResult.GetValue(path));
                embedder = embedderLoad is null ? null : await embedderLoad.ConfigureAwait(false);
                return await SearchAsync(context, db, request, embedder, parseResult.GetValue(store) == "chroma", ct).ConfigureAwait(false);
            }
            finally
            {
                if (embedder is not null)
                {
                    embedder.Dispose();
                }
                else
                {
                    // The database failed first: release the model when its load finishes (its own failure, if any, is not the one to report).
                    _ = embedderLoad?.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                }
            }
        });
        return command;
    }

    private static async Task<int> SearchAsync(CliContext context, Database db, SearchRequest request, OnnxTextEmbedder? embedder, bool fromChroma, CancellationToken ct)
    {
        var service = new SymbolSearchService(db.DataSource, embedder);
        SearchResponse response;
        if (fromChroma && embedder is not null)
        {
            await using var chroma = ChromaMirror.Require(db, context);
            var repo = request.RepositoryId ?? await SingleRepositoryAsync(db, ct).ConfigureAwait(false);
            var hits = await ChromaSemanticSource.NearestAsync(db, chroma, embedder, request.Text, repo, Math.Max(request.Limit * 5, 50), ct).ConfigureAwait(false);
            response = await service.SearchAsync(request with { RepositoryId = repo }, hits, ct).ConfigureAwait(false);
        }
        else
        {
            response = await service.SearchAsync(request, ct).ConfigureAwait(false);
        }

        if (response.PendingEmbeddings > 0 && request.Mode is SearchMode.Semantic or SearchMode.Hybrid)
        {
            context.Output.Notice($"notice: {response.PendingEmbeddings} symbol(s) await embedding{(response.SemanticUsed ? "" : "; results are lexical only")}. Run 'codeindex index' to finish them.");
        }

        Print(context, request, response);
        return ExitCodes.Success;
    }

    private static async Task<long> SingleRepositoryAsync(Database db, CancellationToken ct)
    {
        var all = await db.Repositories.ListAsync(ct).ConfigureAwait(false);
        return all.Count == 1
            ? all[0].Id
            : throw new UserInputException("repository_ambiguous", $"--store chroma searches one repository's collection; {all.Count} are indexed. Pass --repo <name>.");
    }

    private static void Print(CliContext context, SearchRequest request, SearchResponse response)
    {
        var results = response.Hits.Select(h => new SearchResultDto(ResultDto.From(h.Symbol), h.Score)).ToList();
        if (context.JsonOutput)
        {
            context.Output.WriteJson(results.Select(r => r.Flatten()).ToList(), new Dictionary<string, object?>
            {
                ["mode"] = response.Mode.ToString().ToLowerInvariant(),
                ["semanticUsed"] = response.SemanticUsed,
                ["pendingEmbeddings"] = response.PendingEmbeddings,
            });
            return;
        }

        Console.Out.WriteLine($"{response.Mode.ToString().ToLowerInvariant()} search for '{request.Text}': {results.Count} result(s)");
        if (results.Count > 0)
        {
            Console.Out.Write(TableWriter.Render(
                ["score", "kind", "symbol", "location"],
                results.Select(r => (IReadOnlyList<string?>)[r.Score.ToString("0.0000", CultureInfo.InvariantCulture), r.Result.Kind, r.Result.QualifiedName, r.Result.Location])));
        }
    }

    /// <summary>A search hit: the foundation result fields plus <c>score</c> (higher is better; comparable within one response only).</summary>
    private sealed record SearchResultDto(ResultDto Result, double Score)
    {
        public object Flatten() => new
        {
            Result.SymbolKey,
            Result.Name,
            Result.QualifiedName,
            Result.Kind,
            Result.FilePath,
            Result.Line,
            Result.Project,
            Result.IsExternal,
            Result.Signature,
            Score,
        };
    }
}
