using Npgsql;

namespace CodeIndex.Query;

/// <summary>A changed declaration located in an index: where it is (file, identifier line, first line) and what it is called.</summary>
/// <param name="Change"><c>added</c>, <c>modified</c> or <c>deleted</c>.</param>
public sealed record ChangedDeclaration(string Change, string Key, string Kind, string Name, string? BaseFile, int? BaseLine, int? BaseStart, string? HeadFile, int? HeadLine, int? HeadStart);

/// <summary>A changed declaration and the symbols it is on each side (null where that side has no index or no such symbol).</summary>
public sealed record ChangedSymbol(ChangedDeclaration Declaration, SymbolInfo? Base, SymbolInfo? Head);

/// <summary>A symbol that depends on a change: the shallowest of its results on either side, and on which sides it was found.</summary>
/// <param name="Sides"><c>head</c>, <c>base</c> or both: a former caller of a deleted member is found on the base side only.</param>
public sealed record ImpactedSymbol(QueryResult Result, IReadOnlyList<string> Sides, bool InTestProject);

/// <summary>What a diff affects: the changed symbols, everything that transitively depends on them, and the test projects among it.</summary>
public sealed record ChangeImpact(IReadOnlyList<ChangedSymbol> Changed, IReadOnlyList<ImpactedSymbol> Impacted, IReadOnlyList<string> TestProjects, bool Truncated);

/// <summary>
/// Change impact over two indexes: the changed declarations are located in the head index (added, modified) and in the base
/// index (modified, deleted); their dependents are walked in each (<see cref="RelationshipQuery.ImpactAsync(IReadOnlyList{long}, QueryOptions, CancellationToken)"/>),
/// since what depended on a deleted or modified member is known only from the base revision, where its callers still call it.
/// Results are merged by handle at their smallest depth; test projects come from <c>indexed_projects.is_test</c> of either side.
/// </summary>
public sealed class ChangeImpactQuery(NpgsqlDataSource db)
{
    // The innermost symbol at that place whose declaration starts on the declaration's first line or at its identifier
    // (a field's declarator starts at its name); the name breaks ties (an accessor and its property start together).
    private const string LocateSql = $"""
        SELECT {SymbolRow.Columns}
        FROM code_symbols s
        WHERE s.repository_id = @repo AND NOT s.is_external AND s.kind <> 'namespace'
          AND ((s.file_path = @file AND s.line_number IN (@start, @line) AND s.end_line >= @line)
               OR EXISTS (SELECT 1 FROM symbol_locations l WHERE l.symbol_id = s.id AND l.file_path = @file AND l.line_number IN (@start, @line) AND l.end_line >= @line))
        ORDER BY (s.name = @name) DESC, (s.end_line - s.line_number), s.id
        LIMIT 1
        """;

    private const string TestProjectsSql = "SELECT DISTINCT project FROM indexed_projects WHERE repository_id = ANY (@repos) AND is_test";

    public async Task<ChangeImpact> AnalyzeAsync(long? baseRepository, long? headRepository, IReadOnlyList<ChangedDeclaration> changes, QueryOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(options);
        // Each side on its own pooled connection, at the same time: the two walks are the bulk of the work.
        var headSide = LocateAllAsync(headRepository, changes, c => (c.HeadFile, c.HeadLine, c.HeadStart), cancellationToken);
        var baseSide = LocateAllAsync(baseRepository, changes, c => (c.BaseFile, c.BaseLine, c.BaseStart), cancellationToken);
        var afters = await headSide.ConfigureAwait(false);
        var befores = await baseSide.ConfigureAwait(false);
        var changed = changes.Select((c, i) => new ChangedSymbol(c, befores[i], afters[i])).ToList();

        var graph = new RelationshipQuery(db);
        var merged = new Dictionary<string, (QueryResult Result, SortedSet<string> Sides)>(StringComparer.Ordinal);
        var changedHandles = changed.SelectMany(c => new[] { c.Base?.Handle, c.Head?.Handle }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var truncated = false;
        var walks = new[] { ("head", afters.OfType<SymbolInfo>().ToList()), ("base", befores.OfType<SymbolInfo>().ToList()) }
            .Where(w => w.Item2.Count > 0)
            .Select(w => (Side: w.Item1, Page: graph.ImpactAsync([.. w.Item2.Select(s => s.Id).Distinct()], options, cancellationToken)))
            .ToList();
        foreach (var (side, walk) in walks)
        {
            var page = await walk.ConfigureAwait(false);
            truncated |= page.Truncated;
            foreach (var result in page.Results)
            {
                if (changedHandles.Contains(result.Symbol.Handle))
                {
                    continue; // a changed symbol that depends on another change is listed as changed
                }

                if (merged.TryGetValue(result.Symbol.Handle, out var seen))
                {
                    seen.Sides.Add(side);
                    if (result.Depth < seen.Result.Depth)
                    {
                        merged[result.Symbol.Handle] = (result, seen.Sides);
                    }
                }
                else
                {
                    merged[result.Symbol.Handle] = (result, new SortedSet<string>(StringComparer.Ordinal) { side });
                }
            }
        }

        var repos = new[] { baseRepository, headRepository }.OfType<long>().ToArray();
        var testProjects = new HashSet<string>(StringComparer.Ordinal);
        if (repos.Length > 0)
        {
            await using var command = db.CreateCommand(TestProjectsSql);
            command.Parameters.Add(new NpgsqlParameter("repos", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint) { Value = repos });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                testProjects.Add(reader.GetString(0));
            }
        }

        var impacted = merged.Values
            .Select(v => new ImpactedSymbol(v.Result, [.. v.Sides], testProjects.Contains(v.Result.Symbol.Project)))
            .OrderBy(i => i.Result.Symbol.Project, StringComparer.Ordinal).ThenBy(i => i.Result.Depth)
            .ThenBy(i => i.Result.Symbol.QualifiedName, StringComparer.Ordinal).ThenBy(i => i.Result.Symbol.Handle, StringComparer.Ordinal)
            .ToList();
        var touchedTests = impacted.Where(i => i.InTestProject).Select(i => i.Result.Symbol.Project)
            .Concat(changed.SelectMany(c => new[] { c.Head, c.Base }).OfType<SymbolInfo>().Where(s => testProjects.Contains(s.Project)).Select(s => s.Project))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new ChangeImpact(changed, impacted, touchedTests, truncated);
    }

    private async Task<SymbolInfo?[]> LocateAllAsync(long? repository, IReadOnlyList<ChangedDeclaration> changes, Func<ChangedDeclaration, (string? File, int? Line, int? Start)> side, CancellationToken cancellationToken)
    {
        var result = new SymbolInfo?[changes.Count];
        if (repository is not { } repo)
        {
            return result;
        }

        for (var i = 0; i < changes.Count; i++)
        {
            var (file, line, start) = side(changes[i]);
            if (file is not null && line is { } l)
            {
                result[i] = await LocateAsync(repo, file, l, start ?? l, changes[i].Name, cancellationToken).ConfigureAwait(false);
            }
        }

        return result;
    }

    private async Task<SymbolInfo?> LocateAsync(long repository, string file, int line, int start, string name, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(LocateSql);
        command.Parameters.Add(SqlParameters.Bigint("repo", repository));
        command.Parameters.Add(SqlParameters.Text("file", file));
        command.Parameters.Add(SqlParameters.Integer("line", line));
        command.Parameters.Add(SqlParameters.Integer("start", start));
        command.Parameters.Add(SqlParameters.Text("name", name));
        var rows = await SymbolRow.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }
}
