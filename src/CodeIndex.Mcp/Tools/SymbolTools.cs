using System.ComponentModel;
using System.Text;
using CodeIndex.Core.Errors;
using CodeIndex.Mcp.Answers;
using CodeIndex.Mcp.Serving;
using CodeIndex.Query;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Npgsql;

namespace CodeIndex.Mcp.Tools;

/// <summary>One symbol in depth (get_symbol), what is at a place in a file (symbols_at), every use of a symbol (references).</summary>
[McpServerToolType]
public sealed class SymbolTools(ToolRunner runner)
{
    private const string RepoHelp = "Repository name or root path; only needed when the server serves several repositories.";

    private const string DetailsSql = """
        SELECT s.id, s.documentation, s.visibility, s.is_static, s.is_abstract, s.is_virtual, s.is_override, s.is_sealed, s.is_async,
               s.end_line, s.assembly_version,
               (SELECT c.symbol_key || '@' || c.assembly_name FROM symbol_relationships r JOIN code_symbols c ON c.id = r.source_id
                WHERE r.target_id = s.id AND r.relationship_type = 'contains' ORDER BY c.id LIMIT 1),
               (SELECT count(*) FROM symbol_relationships r WHERE r.target_id = s.id AND r.relationship_type = 'calls'),
               (SELECT count(*) FROM symbol_relationships r WHERE r.source_id = s.id AND r.relationship_type = 'calls'),
               (SELECT count(*) FROM symbol_relationships r WHERE r.source_id = s.id AND r.relationship_type = 'contains'),
               (SELECT count(*) FROM symbol_relationships r WHERE r.target_id = s.id AND r.relationship_type <> 'contains')
        FROM code_symbols s WHERE s.id = ANY (@ids)
        """;

    [McpServerTool(Name = "get_symbol", Title = "Symbol details and source", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = false)]
    [Description("Everything about one symbol (or every overload a name matches): kind, signature, location, modifiers, XML documentation, containing type, how many callers, callees, members and dependents it has, and the source text of its declaration read from the indexed file (capped). Use it to read a method or type without opening the file; follow up with callers, callees, references or impact using its handle.")]
    public Task<CallToolResult> GetSymbol(
        [Description("The symbol: a handle from any answer (key@assembly), a documentation-comment id, a qualified name or a short name.")] string symbol,
        [Description("Include the declaration's source text (default true).")] bool include_source = true,
        [Description("Most source lines per symbol, 1-400 (default 60).")] int? source_lines = null,
        [Description(RepoHelp)] string? repo = null,
        CancellationToken cancellationToken = default) =>
        runner.RunAsync("get_symbol", repo, async (call, ct) =>
        {
            var symbols = await new SymbolResolver(call.Db).ResolveGroupAsync(symbol, call.RepositoryId, ct).ConfigureAwait(false);
            var maxLines = Math.Clamp(source_lines ?? DeclarationSource.DefaultLines, 1, DeclarationSource.MaxLines);
            if (source_lines is { } asked && asked != maxLines)
            {
                call.Bounds.Notice($"source_lines {asked} is outside 1-{DeclarationSource.MaxLines}: used {maxLines}.");
            }

            var details = await DetailsAsync(call.Db, symbols, ct).ConfigureAwait(false);
            var indexTime = Max(call.State.IndexedAt, call.State.LastBatchAt);
            var views = symbols.Select(s =>
            {
                var d = details[s.Id];
                var source = include_source && s.FilePath is { } file && s.Line is { } line
                    ? DeclarationSource.Read(call.State.Root, file, line, d.EndLine ?? line, maxLines, call.State.UpToDate ? null : indexTime)
                    : null;
                return new
                {
                    symbol = SymbolView.From(s),
                    d.Visibility,
                    modifiers = d.Modifiers,
                    d.Documentation,
                    d.Container,
                    d.AssemblyVersion,
                    endLine = d.EndLine,
                    counts = new { callers = d.Callers, callees = d.Callees, members = d.Members, dependents = d.Dependents },
                    source,
                };
            }).ToList();
            var text = new StringBuilder();
            foreach (var v in views)
            {
                text.Append(v.symbol.Line1()).Append('\n');
                if (v.symbol.Signature is { } sig)
                {
                    text.Append("  ").Append(sig).Append('\n');
                }

                text.Append($"  {v.Visibility}{(v.modifiers.Count > 0 ? " " + string.Join(' ', v.modifiers) : "")}; callers {v.counts.callers}, callees {v.counts.callees}, members {v.counts.members}, dependents {v.counts.dependents}\n");
                if (v.Documentation is { Length: > 0 } doc)
                {
                    text.Append("  doc: ").Append(doc.Length > 300 ? doc[..300] + "…" : doc).Append('\n');
                }

                if (v.source is { } src)
                {
                    text.Append("```csharp\n").Append(src.Source).Append("\n```\n");
                    if (src.Note is { } note)
                    {
                        text.Append("  (").Append(note).Append(")\n");
                    }

                    if (src.MayDifferFromIndex)
                    {
                        text.Append("  (the file changed after the index state below: the text is the file as it is now)\n");
                    }
                }
            }

            return new ToolAnswer(new { symbols = views }, text.ToString());
        }, cancellationToken);

    [McpServerTool(Name = "symbols_at", Title = "Symbols at a file and line", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = false)]
    [Description("What is at a place in a file: the symbols declared around that line (innermost first: the method, then its type, then the namespace), then the symbols used on that line. Use it to turn a file position (a stack trace line, a diff hunk, a compiler error) into handles for the other tools.")]
    public Task<CallToolResult> SymbolsAt(
        [Description("The file: relative to the repository root (src/Api/Client.cs) or absolute inside it.")] string file,
        [Description("1-based line number.")] int line,
        [Description(RepoHelp)] string? repo = null,
        CancellationToken cancellationToken = default) =>
        runner.RunAsync("symbols_at", repo, async (call, ct) =>
        {
            var relative = Relative(call.State.Root, file);
            var symbols = await new LocationQuery(call.Db).AtAsync(call.RepositoryId, relative, line, ct).ConfigureAwait(false);
            var views = symbols.Select(SymbolView.From).ToList();
            var text = views.Count == 0
                ? $"nothing indexed at {relative}:{line} (is the path relative to the repository root {call.State.Root}?)"
                : $"at {relative}:{line}:\n" + string.Join('\n', views.Select(v => "  " + v.Line1()));
            return new ToolAnswer(new { file = relative, line, symbols = views }, text);
        }, cancellationToken);

    [McpServerTool(Name = "references", Title = "Every use of a symbol", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = false)]
    [Description("Find-all-references from the index: every site (file, line, column) that uses a symbol, with the using symbol and how it uses it (access: invoke, read, write, read_write, subscribe, unsubscribe, nameof, method_group, cref, type_reference, …; implicit for calls the compiler inserts such as foreach's GetEnumerator). For a type: every mention and constructor call; for a method: calls and method-group uses, plus (first page) the members that override or implement it. Sites are ordered by file, line, column.")]
    public Task<CallToolResult> References(
        [Description("The symbol: handle, documentation-comment id, qualified or short name (an overload name covers all overloads).")] string symbol,
        [Description("Only sites with these accesses, e.g. [\"write\"] for every assignment of a property.")] string[]? access = null,
        [Description("Sites per page, 1-500 (default 50).")] int? limit = null,
        [Description("From next.cursor of a previous answer to the same question. Omit for the first page.")] string? cursor = null,
        [Description(RepoHelp)] string? repo = null,
        CancellationToken cancellationToken = default) =>
        runner.RunAsync("references", repo, async (call, ct) =>
        {
            var targets = await new SymbolResolver(call.Db).ResolveGroupAsync(symbol, call.RepositoryId, ct).ConfigureAwait(false);
            var accesses = access is { Length: > 0 } ? access.Select(a => a.Trim()).ToList() : null;
            var question = $"references|{string.Join(',', targets.Select(t => t.Handle))}|{(accesses is null ? "" : string.Join(',', accesses))}";
            var l = call.Bounds.Limit(limit);
            var offset = call.Bounds.Offset(cursor, question, call.State.Generation);
            var page = await new ReferenceQuery(call.Db).FindAsync(targets, accesses, offset, l, ct).ConfigureAwait(false);
            var sites = page.Sites.Select(s => new
            {
                file = s.FilePath,
                s.Line,
                s.Column,
                s.Access,
                @implicit = s.IsImplicit,
                candidate = s.IsCandidate,
                relationship = s.Relationship,
                target = s.TargetHandle,
                by = SymbolView.From(s.Source),
            }).ToList();
            var next = page.Truncated
                ? new NextPage(Bounds.Cursor(offset + page.Sites.Count, question, call.State.Generation),
                    $"Sites {offset + 1}-{offset + page.Sites.Count} are shown and more exist: call references again with the same arguments and this cursor.")
                : null;
            var implementations = page.Implementations.Select(i => new { relationship = i.Relationship, member = SymbolView.From(i.Member) }).ToList();
            var text = new StringBuilder($"references of {GraphTools.Describe(targets)}: {sites.Count} site(s){(page.Truncated ? ", more exist (see next.cursor)" : "")}\n");
            foreach (var s in sites)
            {
                text.Append($"  {s.file}:{s.Line}:{s.Column} {s.Access ?? s.relationship}{(s.@implicit ? " (implicit)" : "")} in {s.by.QualifiedName}\n");
            }

            foreach (var i in implementations)
            {
                text.Append($"  {i.relationship} by {i.member.Line1()}\n");
            }

            return new ToolAnswer(new { targets = targets.Select(SymbolView.From), sites, implementations, truncated = page.Truncated, next }, text.ToString());
        }, cancellationToken);

    internal static string Relative(string root, string file)
    {
        var f = file.Trim().Replace('\\', '/');
        if (Path.IsPathRooted(f))
        {
            var full = Path.GetFullPath(f);
            var r = root.TrimEnd('/') + "/";
            if (!full.StartsWith(r, StringComparison.Ordinal))
            {
                throw new UserInputException("path_outside_repository", $"'{file}' is not inside the repository root {root}. Pass a path relative to the root.");
            }

            return full[r.Length..];
        }

        return f.StartsWith("./", StringComparison.Ordinal) ? f[2..] : f;
    }

    private static DateTime? Max(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static async Task<Dictionary<long, Details>> DetailsAsync(NpgsqlDataSource db, IReadOnlyList<SymbolInfo> symbols, CancellationToken ct)
    {
        await using var command = db.CreateCommand(DetailsSql);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint) { Value = symbols.Select(s => s.Id).ToArray() });
        var result = new Dictionary<long, Details>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var modifiers = new List<string>();
            string[] names = ["static", "abstract", "virtual", "override", "sealed", "async"];
            for (var i = 0; i < names.Length; i++)
            {
                if (reader.GetBoolean(3 + i))
                {
                    modifiers.Add(names[i]);
                }
            }

            result[reader.GetInt64(0)] = new Details(
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetString(2),
                modifiers,
                reader.IsDBNull(9) ? null : reader.GetInt32(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.GetInt64(12), reader.GetInt64(13), reader.GetInt64(14), reader.GetInt64(15));
        }

        return result;
    }

    private sealed record Details(string? Documentation, string Visibility, IReadOnlyList<string> Modifiers, int? EndLine, string? AssemblyVersion, string? Container,
        long Callers, long Callees, long Members, long Dependents);
}
