using System.ComponentModel;
using System.Text;
using CodeIndex.Core.Errors;
using CodeIndex.Mcp.Answers;
using CodeIndex.Mcp.Serving;
using CodeIndex.Query;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CodeIndex.Mcp.Tools;

/// <summary>The transitive graph questions: callers, callees, hierarchy, impact, call_path.</summary>
[McpServerToolType]
public sealed class GraphTools(ToolRunner runner)
{
    private const string SymbolHelp = "The symbol: a handle from any answer (key@assembly, exact), a documentation-comment id (M:Ns.Type.Method(System.Int32)), a qualified name (Ns.Type.Method) or a short name. A name of several overloads means all of them.";
    private const string DepthHelp = "Hops to follow, 1-10 (default 3). Each result is listed once, at its smallest depth.";
    private const string LimitHelp = "Results per page, 1-500 (default 50).";
    private const string CursorHelp = "From next.cursor of a previous answer to the same question: the next page. Omit for the first page.";
    private const string RepoHelp = "Repository name or root path; only needed when the server serves several repositories.";

    [McpServerTool(Name = "callers", Title = "Transitive callers", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = false)]
    [Description("Who calls a method, constructor, property or operator, directly and transitively, in one call: every caller up to `depth` hops, each with the shortest call path (as handles) from the symbol. Use it instead of repeated one-level lookups to see how a method is reached. With dispatch=true, calls through an interface or base member count too (the interface member appears at depth 1 and its callers at depth 2). Results are ordered by depth, then name.")]
    public Task<CallToolResult> Callers(
        [Description(SymbolHelp)] string symbol,
        [Description(DepthHelp)] int? depth = null,
        [Description(LimitHelp)] int? limit = null,
        [Description("Also follow virtual dispatch (interface implementations and overrides). Default false.")] bool dispatch = false,
        [Description(CursorHelp)] string? cursor = null,
        [Description(RepoHelp)] string? repo = null,
        CancellationToken cancellationToken = default) =>
        Walk("callers", symbol, depth, limit, dispatch, cursor, repo, (q, ids, o, ct) => q.CallersAsync(ids, o, ct), cancellationToken);

    [McpServerTool(Name = "callees", Title = "Transitive callees", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = false)]
    [Description("What a method (or constructor, property, operator) calls, directly and transitively: every callee up to `depth` hops with the shortest path to it. Use it to see what a method depends on at run time. With dispatch=true, a call to an interface or virtual member also leads to every implementation and override. External (library) methods appear as external results but are not expanded further.")]
    public Task<CallToolResult> Callees(
        [Description(SymbolHelp)] string symbol,
        [Description(DepthHelp)] int? depth = null,
        [Description(LimitHelp)] int? limit = null,
        [Description("Also follow virtual dispatch down to implementations and overrides. Default false.")] bool dispatch = false,
        [Description(CursorHelp)] string? cursor = null,
        [Description(RepoHelp)] string? repo = null,
        CancellationToken cancellationToken = default) =>
        Walk("callees", symbol, depth, limit, dispatch, cursor, repo, (q, ids, o, ct) => q.CalleesAsync(ids, o, ct), cancellationToken);

    [McpServerTool(Name = "hierarchy", Title = "Type hierarchy", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = false)]
    [Description("The type hierarchy of a class, struct, record or interface: base types and implemented interfaces (direction=up), derived types and implementors (down), or both (default), transitively. For the members that override or implement a method, use references.")]
    public Task<CallToolResult> Hierarchy(
        [Description("The type: a handle, a documentation-comment id (T:Ns.Type), a qualified or a short name.")] string symbol,
        [Description("up | down | both (default both).")] string direction = "both",
        [Description(DepthHelp)] int? depth = null,
        [Description(LimitHelp)] int? limit = null,
        [Description(CursorHelp)] string? cursor = null,
        [Description(RepoHelp)] string? repo = null,
        CancellationToken cancellationToken = default)
    {
        var dir = direction?.Trim().ToLowerInvariant() switch
        {
            "up" => HierarchyDirection.Up,
            "down" => HierarchyDirection.Down,
            "both" or "" or null => HierarchyDirection.Both,
            _ => (HierarchyDirection?)null,
        };
        return dir is null
            ? runner.RunAsync("hierarchy", repo, (_, _) => throw new UserInputException("invalid_argument", $"direction must be up, down or both (got '{direction}')."), cancellationToken)
            : runner.RunAsync("hierarchy", repo, async (call, ct) =>
            {
                var resolver = new SymbolResolver(call.Db);
                var type = await resolver.ResolveAsync(symbol, call.RepositoryId, ct).ConfigureAwait(false);
                var question = $"hierarchy|{type.Handle}|{dir}|{call.Bounds.Depth(depth)}";
                var o = Options(call, depth, limit, false, cursor, question);
                var page = await new RelationshipQuery(call.Db).HierarchyAsync(type.Id, dir.Value, o, ct).ConfigureAwait(false);
                var answer = WalkAnswer("hierarchy", [type], page, o, call, question);
                return new ToolAnswer(answer, answer.Render($"hierarchy ({dir.Value.ToString().ToLowerInvariant()})", [type]));
            }, cancellationToken);
    }

    [McpServerTool(Name = "impact", Title = "Change impact", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = false)]
    [Description("Everything that transitively depends on a symbol — callers, users of its members, types that derive from or reference it, overrides and implementations — grouped by project and file: what a change to the symbol can break, and which files to look at or test. Results within the page are also listed flat with depth and path.")]
    public Task<CallToolResult> Impact(
        [Description(SymbolHelp)] string symbol,
        [Description(DepthHelp)] int? depth = null,
        [Description(LimitHelp)] int? limit = null,
        [Description(CursorHelp)] string? cursor = null,
        [Description(RepoHelp)] string? repo = null,
        CancellationToken cancellationToken = default) =>
        runner.RunAsync("impact", repo, async (call, ct) =>
        {
            var starts = await new SymbolResolver(call.Db).ResolveGroupAsync(symbol, call.RepositoryId, ct).ConfigureAwait(false);
            var question = $"impact|{string.Join(',', starts.Select(s => s.Handle))}|{call.Bounds.Depth(depth)}";
            var o = Options(call, depth, limit, false, cursor, question);
            var page = await new RelationshipQuery(call.Db).ImpactAsync([.. starts.Select(s => s.Id)], o, ct).ConfigureAwait(false);
            var walk = WalkAnswer("impact", starts, page, o, call, question);
            var groups = page.Results
                .GroupBy(r => r.Symbol.Project, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(p => new
                {
                    project = p.Key,
                    files = p.GroupBy(r => r.Symbol.FilePath ?? "(external)", StringComparer.Ordinal).OrderBy(f => f.Key, StringComparer.Ordinal)
                        .Select(f => new { file = f.Key, symbols = f.Select(r => new { r.Symbol.Handle, r.Symbol.QualifiedName, r.Symbol.Kind, r.Symbol.Line, r.Depth }).ToList() })
                        .ToList(),
                })
                .ToList();
            var text = new StringBuilder($"impact of {Describe(starts)}: {page.Results.Count} dependent symbol(s){(page.Truncated ? " on this page (more exist)" : "")} in {groups.Count} project(s)\n");
            foreach (var p in groups)
            {
                text.Append("project ").Append(p.project).Append('\n');
                foreach (var f in p.files)
                {
                    text.Append("  ").Append(f.file).Append(": ").Append(string.Join(", ", f.symbols.Select(s => $"{s.QualifiedName}{(s.Line is { } l ? $":{l}" : "")}"))).Append('\n');
                }
            }

            return new ToolAnswer(new { start = walk.Start, groups, results = walk.Results, truncated = walk.Truncated, next = walk.Next, depth = walk.Depth }, text.ToString());
        }, cancellationToken);

    [McpServerTool(Name = "call_path", Title = "Call path between two symbols", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = false)]
    [Description("One shortest call path from one symbol to another (from calls ... calls to), as a list of symbols from `from` to `to`; empty when `from` does not reach `to` within `depth` hops. Use it to answer 'how does A end up calling B'. Overload names on either end mean any of the overloads.")]
    public Task<CallToolResult> CallPath(
        [Description("Start (caller side): handle, id, qualified or short name.")] string from,
        [Description("End (callee side): handle, id, qualified or short name.")] string to,
        [Description("Longest path to look for, 1-10 hops (default 3).")] int? depth = null,
        [Description("Also follow virtual dispatch. Default false.")] bool dispatch = false,
        [Description(RepoHelp)] string? repo = null,
        CancellationToken cancellationToken = default) =>
        runner.RunAsync("call_path", repo, async (call, ct) =>
        {
            var resolver = new SymbolResolver(call.Db);
            var starts = await resolver.ResolveGroupAsync(from, call.RepositoryId, ct).ConfigureAwait(false);
            var ends = await resolver.ResolveGroupAsync(to, call.RepositoryId, ct).ConfigureAwait(false);
            var o = new QueryOptions(call.Bounds.Depth(depth), 1, dispatch);
            var page = await new RelationshipQuery(call.Db).PathAsync([.. starts.Select(s => s.Id)], [.. ends.Select(s => s.Id)], o, ct).ConfigureAwait(false);
            var path = page.Results.Select(WalkResultView.From).ToList();
            var text = path.Count == 0
                ? $"no call path from {Describe(starts)} to {Describe(ends)} within {o.Depth} hop(s){(dispatch ? "" : " (try dispatch=true for calls through interfaces)")}"
                : $"call path, {path.Count - 1} hop(s):\n" + string.Join('\n', path.Select(p => $"  {(p.Via is null ? "" : p.Via + " → ")}{p.Symbol.Line1()}"));
            return new ToolAnswer(new { from = starts.Select(SymbolView.From), to = ends.Select(SymbolView.From), found = path.Count > 0, path, depth = o.Depth }, text);
        }, cancellationToken);

    private Task<CallToolResult> Walk(string tool, string symbol, int? depth, int? limit, bool dispatch, string? cursor, string? repo,
        Func<RelationshipQuery, IReadOnlyList<long>, QueryOptions, CancellationToken, Task<QueryPage>> run, CancellationToken cancellationToken) =>
        runner.RunAsync(tool, repo, async (call, ct) =>
        {
            var starts = await new SymbolResolver(call.Db).ResolveGroupAsync(symbol, call.RepositoryId, ct).ConfigureAwait(false);
            var question = $"{tool}|{string.Join(',', starts.Select(s => s.Handle))}|{call.Bounds.Depth(depth)}|{dispatch}";
            var o = Options(call, depth, limit, dispatch, cursor, question);
            var page = await run(new RelationshipQuery(call.Db), [.. starts.Select(s => s.Id)], o, ct).ConfigureAwait(false);
            var answer = WalkAnswer(tool, starts, page, o, call, question);
            return new ToolAnswer(answer, answer.Render(tool, starts));
        }, cancellationToken);

    private static QueryOptions Options(ToolCall call, int? depth, int? limit, bool dispatch, string? cursor, string question)
    {
        // Depth was clamped (and noticed) once while building the question; clamp again silently through a throwaway bounds.
        var d = new Bounds().Depth(depth);
        var l = call.Bounds.Limit(limit);
        var offset = call.Bounds.Offset(cursor, question, call.State.Generation);
        return new QueryOptions(d, l, dispatch, offset);
    }

    private static WalkAnswer WalkAnswer(string tool, IReadOnlyList<SymbolInfo> starts, QueryPage page, QueryOptions o, ToolCall call, string question)
    {
        var offset = o.Offset ?? 0;
        var next = page.Truncated
            ? new NextPage(Bounds.Cursor(offset + page.Results.Count, question, call.State.Generation),
                $"Results {offset + 1}-{offset + page.Results.Count} are shown and more exist: call {tool} again with the same arguments and cursor for the next page, or lower depth to narrow.")
            : null;
        return new WalkAnswer([.. starts.Select(SymbolView.From)], [.. page.Results.Select(WalkResultView.From)], page.Truncated, next, page.DepthUsed, offset);
    }

    internal static string Describe(IReadOnlyList<SymbolInfo> symbols) =>
        symbols.Count == 1 ? symbols[0].QualifiedName : $"{symbols[0].QualifiedName} ({symbols.Count} overloads)";
}

/// <summary>The structured answer of a graph walk.</summary>
internal sealed record WalkAnswer(IReadOnlyList<SymbolView> Start, IReadOnlyList<WalkResultView> Results, bool Truncated, NextPage? Next, int Depth, int Offset)
{
    public string Render(string tool, IReadOnlyList<SymbolInfo> starts)
    {
        var text = new StringBuilder($"{tool} of {GraphTools.Describe(starts)} (depth ≤ {Depth}): {Results.Count} result(s){(Truncated ? ", more exist (see next.cursor)" : "")}\n");
        foreach (var r in Results)
        {
            text.Append("  d").Append(r.Depth).Append(' ').Append(r.Symbol.Line1()).Append('\n');
        }

        return text.ToString();
    }
}
