using System.ComponentModel;
using System.Globalization;
using System.Text;
using CodeIndex.Core.Errors;
using CodeIndex.Mcp.Answers;
using CodeIndex.Mcp.Serving;
using CodeIndex.Mcp.Watching;
using CodeIndex.Query;
using CodeIndex.Storage.Repositories;
using CodeIndex.Watch.Hosting;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CodeIndex.Mcp.Tools;

/// <summary>Finding symbols by words (search) and the state of the index (index_status).</summary>
[McpServerToolType]
public sealed class SearchTools(ToolRunner runner, QueryEmbedder embedder, RepositoryScope scope, ServedWatch? watch = null)
{
    [McpServerTool(Name = "search", Title = "Search symbols", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = false)]
    [Description("Find symbols (types, methods, properties, …) by name, words or a plain-English question such as 'where do we retry failed HTTP calls'. The way into unknown code: take a handle from the results and ask get_symbol, callers, callees or impact about it. Modes: hybrid (default: full-text and semantic fused), exact (the name or qualified name exactly), fulltext (words in names, doc comments, signatures), semantic (embedding similarity). Higher score is better (comparable within one answer only).")]
    public Task<CallToolResult> Search(
        [Description("A name, some words, or a question.")] string query,
        [Description("hybrid | exact | fulltext | semantic (default hybrid).")] string mode = "hybrid",
        [Description("Results, 1-500 (default 10).")] int? limit = null,
        [Description("Only these kinds, e.g. [\"method\"] or [\"class\",\"interface\"].")] string[]? kinds = null,
        [Description("Only symbols of this project (exact project name).")] string? project = null,
        [Description("Only symbols under this path prefix, relative to the repository root (src/Api/).")] string? path = null,
        [Description("Repository name or root path; only needed when the server serves several repositories.")] string? repo = null,
        CancellationToken cancellationToken = default) =>
        runner.RunAsync("search", repo, async (call, ct) =>
        {
            if (!Enum.TryParse<SearchMode>(mode?.Trim(), ignoreCase: true, out var searchMode) || !Enum.IsDefined(searchMode))
            {
                throw new UserInputException("invalid_argument", $"mode must be hybrid, exact, fulltext or semantic (got '{mode}').");
            }

            if (string.IsNullOrWhiteSpace(query))
            {
                throw new UserInputException("empty_query", "The query is empty. Pass a name, some words or a question.");
            }

            var l = call.Bounds.Limit(limit, defaultLimit: 10);
            var (model, problem) = searchMode is SearchMode.Semantic or SearchMode.Hybrid ? await embedder.GetAsync(ct).ConfigureAwait(false) : (null, null);
            if (problem is not null)
            {
                call.Bounds.Notice(problem);
            }

            var request = new SearchRequest(query, searchMode, l, call.RepositoryId, kinds is { Length: > 0 } ? kinds : null, project, path);
            var response = await new SymbolSearchService(call.Db, model).SearchAsync(request, ct).ConfigureAwait(false);
            if (response.PendingEmbeddings > 0 && searchMode is SearchMode.Semantic or SearchMode.Hybrid)
            {
                call.Bounds.Notice($"{response.PendingEmbeddings} symbol(s) await embedding{(response.SemanticUsed ? "" : "; results are lexical only")}.");
            }

            var hits = response.Hits.Select(h => new { symbol = SymbolView.From(h.Symbol), score = Math.Round(h.Score, 4) }).ToList();
            var text = new StringBuilder($"{response.Mode.ToString().ToLowerInvariant()} search for '{query}': {hits.Count} result(s)\n");
            foreach (var h in hits)
            {
                text.Append("  ").Append(h.score.ToString("0.0000", CultureInfo.InvariantCulture)).Append(' ').Append(h.symbol.Line1()).Append('\n');
            }

            return new ToolAnswer(new { mode = response.Mode.ToString().ToLowerInvariant(), semanticUsed = response.SemanticUsed, pendingEmbeddings = response.PendingEmbeddings, results = hits }, text.ToString());
        }, cancellationToken);

    [McpServerTool(Name = "index_status", Title = "Index state", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = false)]
    [Description("The state of the index this server answers from: per repository, when it was last fully indexed, whether a watch keeps it live (this server with --watch, or a codeindex watch daemon), batches committed, files saved but not in the index yet, symbols and relationships, embedding and Chroma backlogs, and the last error. Every other answer carries the same 'index' object; ask this to wait for an edit to land (filesPending 0, upToDate true) or to see why a repository is missing.")]
    public Task<CallToolResult> IndexStatus(
        [Description("Repository name or root path; omit for every repository this server serves.")] string? repo = null,
        CancellationToken cancellationToken = default) =>
        runner.RunUnscopedAsync("index_status", async (db, ct) =>
        {
            var states = await scope.ListAsync(db, ct).ConfigureAwait(false);
            if (repo is not null)
            {
                states = states.Where(s => s.Repository == repo || s.Root.TrimEnd('/') == Path.GetFullPath(repo).TrimEnd('/')).ToList();
                if (states.Count == 0)
                {
                    throw new UserInputException("repository_not_found", $"No repository this server serves is named or rooted at '{repo}'.");
                }
            }

            var repositories = (await new RepositoryStore(db).ListAsync(ct).ConfigureAwait(false)).ToDictionary(r => r.Name, StringComparer.Ordinal);
            var rows = new List<object>();
            var text = new StringBuilder();
            foreach (var s in states)
            {
                var info = repositories.GetValueOrDefault(s.Repository);
                var (embeddings, outbox) = info is null ? (0, 0) : await WatchStatusStore.BacklogAsync(db, info.Id, ct).ConfigureAwait(false);
                rows.Add(new { index = s, symbols = info?.SymbolCount, relationships = info?.RelationshipCount, embeddingBacklog = embeddings, chromaOutbox = outbox });
                text.Append(s.Describe()).Append($"; {info?.SymbolCount ?? 0} symbols, {info?.RelationshipCount ?? 0} relationships, {embeddings} awaiting embedding\n");
            }

            if (states.Count == 0)
            {
                text.Append(scope.IsScoped ? "the repository of this server is not indexed yet" : "no repository is indexed yet; run 'codeindex index <path>'").Append('\n');
            }

            var server = new { watch = watch is null ? "off" : watch.Mode, watchFailure = watch?.Failure, pid = Environment.ProcessId };
            text.Append($"server: watch {server.watch}{(server.watchFailure is null ? "" : $" ({server.watchFailure})")}\n");
            return new ToolAnswer(new { repositories = rows, server }, text.ToString());
        }, cancellationToken);
}
