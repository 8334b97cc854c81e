using CodeIndex.Core.Errors;
using CodeIndex.Core.Model;
using Npgsql;

namespace CodeIndex.Query;

/// <summary>Transitive graph questions — callers, callees, hierarchy, impact, path — as bounded breadth-first walks in PostgreSQL.</summary>
/// <remarks>
/// Every result appears once, at its minimal depth, with one shortest path; pages are listed by depth, then
/// qualified name, then id. When <see cref="QueryOptions.Limit"/> cuts a level, the page keeps every shallower result
/// and that level's results with the lowest ids (the order symbols were first indexed), so a cut is exact and cheap
/// (see <see cref="GraphWalkSql"/>); <see cref="QueryPage.Truncated"/> says more exist. The start symbol is a result only
/// when it reaches itself (recursion): once, at the length of its shortest cycle — depth 1 for a method that calls itself.
/// Dispatch (<see cref="QueryOptions.Dispatch"/>): a hop along <c>implements</c>/<c>overrides</c> is one level of depth
/// and its symbol is a result with <see cref="QueryResult.Via"/> = <c>implements</c>/<c>overrides</c>. Callers of
/// <c>Impl.M</c> then contain <c>IFoo.M</c> (depth 1) and the callers of <c>IFoo.M</c> (depth 2): calls through the
/// interface or base member may land in <c>Impl.M</c>. Callees go the other way: a call to <c>IFoo.M</c> (depth 1) leads
/// to every <c>Impl.M</c> implementing or overriding it (depth 2). Callers never go down (a caller of <c>Impl.M</c> does
/// not call <c>IFoo.M</c>) and callees never go up.
/// </remarks>
public sealed class RelationshipQuery(NpgsqlDataSource db)
{
    private readonly GraphWalk _walk = new(db);

    /// <summary>Who calls <paramref name="symbolId"/>, transitively (sources of <c>calls</c> edges).</summary>
    public Task<QueryPage> CallersAsync(long symbolId, QueryOptions o, CancellationToken cancellationToken = default) =>
        CallersAsync([symbolId], o, cancellationToken);

    /// <summary>Who calls any of <paramref name="symbolIds"/> (an overload group), transitively; each result's path starts at the overload it reaches.</summary>
    public async Task<QueryPage> CallersAsync(IReadOnlyList<long> symbolIds, QueryOptions o, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(o);
        var page = await WalkAsync(symbolIds, WalkSpec.Callers(o.Dispatch), o, cancellationToken).ConfigureAwait(false);
        return await CheckedAsync(symbolIds, page, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What <paramref name="symbolId"/> calls, transitively (targets of <c>calls</c> edges).</summary>
    public Task<QueryPage> CalleesAsync(long symbolId, QueryOptions o, CancellationToken cancellationToken = default) =>
        CalleesAsync([symbolId], o, cancellationToken);

    /// <summary>What any of <paramref name="symbolIds"/> (an overload group) calls, transitively.</summary>
    public async Task<QueryPage> CalleesAsync(IReadOnlyList<long> symbolIds, QueryOptions o, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(o);
        var page = await WalkAsync(symbolIds, WalkSpec.Callees(o.Dispatch), o, cancellationToken).ConfigureAwait(false);
        return await CheckedAsync(symbolIds, page, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Bases and interfaces (<see cref="HierarchyDirection.Up"/>), derived types and implementors (<see cref="HierarchyDirection.Down"/>), or both, along <c>extends</c>/<c>implements</c>.</summary>
    /// <exception cref="UserInputException"><c>not_a_type</c> when <paramref name="typeId"/> is a member.</exception>
    public async Task<QueryPage> HierarchyAsync(long typeId, HierarchyDirection direction, QueryOptions o, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(o);
        var type = await RequireSymbolAsync(typeId, cancellationToken).ConfigureAwait(false);
        if (!SymbolKinds.IsType(type.Kind))
        {
            throw new UserInputException(
                "not_a_type",
                $"'{type.QualifiedName}' is a {type.Kind}; hierarchy needs a type (class, struct, record, interface, enum, delegate). For overriding members use `callers --dispatch`.");
        }

        return direction switch
        {
            HierarchyDirection.Up => await WalkAsync([typeId], WalkSpec.Up, o, cancellationToken).ConfigureAwait(false),
            HierarchyDirection.Down => await WalkAsync([typeId], WalkSpec.Down, o, cancellationToken).ConfigureAwait(false),
            HierarchyDirection.Both when o.Offset is { } offset => MergeNamed(
                await _walk.NamedPageAsync([typeId], WalkSpec.Up, o.Depth, 0, offset + o.Limit, cancellationToken).ConfigureAwait(false),
                await _walk.NamedPageAsync([typeId], WalkSpec.Down, o.Depth, 0, offset + o.Limit, cancellationToken).ConfigureAwait(false),
                offset,
                o),
            HierarchyDirection.Both => Merge(
                await _walk.PageAsync([typeId], WalkSpec.Up, o.Depth, o.Limit, cancellationToken).ConfigureAwait(false),
                await _walk.PageAsync([typeId], WalkSpec.Down, o.Depth, o.Limit, cancellationToken).ConfigureAwait(false),
                o),
            _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Expected Up, Down or Both."),
        };
    }

    /// <summary>Everything that transitively depends on <paramref name="symbolId"/>: sources of every edge kind except <c>contains</c>.</summary>
    /// <remarks>Each result carries project and file path so callers can group by project and file.</remarks>
    public Task<QueryPage> ImpactAsync(long symbolId, QueryOptions o, CancellationToken cancellationToken = default) =>
        ImpactAsync([symbolId], o, cancellationToken);

    /// <summary>Everything that transitively depends on any of <paramref name="symbolIds"/> (an overload group).</summary>
    public async Task<QueryPage> ImpactAsync(IReadOnlyList<long> symbolIds, QueryOptions o, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(o);
        var page = await WalkAsync(symbolIds, WalkSpec.Impact, o, cancellationToken).ConfigureAwait(false);
        return await CheckedAsync(symbolIds, page, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One shortest call path from <paramref name="fromId"/> to <paramref name="toId"/> within <see cref="QueryOptions.Depth"/> hops.</summary>
    /// <remarks>Results are the path's symbols in order, <paramref name="fromId"/> first at depth 0; empty when there is none. <see cref="QueryOptions.Limit"/> does not apply.</remarks>
    public Task<QueryPage> PathAsync(long fromId, long toId, QueryOptions o, CancellationToken cancellationToken = default) =>
        PathAsync([fromId], [toId], o, cancellationToken);

    /// <summary>One shortest call path from any of <paramref name="fromIds"/> to any of <paramref name="toIds"/> (overload groups on either end).</summary>
    public async Task<QueryPage> PathAsync(IReadOnlyList<long> fromIds, IReadOnlyList<long> toIds, QueryOptions o, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(fromIds);
        ArgumentNullException.ThrowIfNull(toIds);
        var from = new List<SymbolInfo>();
        foreach (var id in fromIds)
        {
            from.Add(await RequireSymbolAsync(id, cancellationToken).ConfigureAwait(false));
        }

        foreach (var id in toIds)
        {
            await RequireSymbolAsync(id, cancellationToken).ConfigureAwait(false);
        }

        if (from.FirstOrDefault(f => toIds.Contains(f.Id)) is { } same)
        {
            return new QueryPage([new QueryResult(same, 0, [same.SymbolKey], null, [same.Handle])], false, o.Depth);
        }

        var path = await _walk.PathAsync(fromIds, toIds, WalkSpec.Callees(o.Dispatch), o.Depth, cancellationToken).ConfigureAwait(false);
        return new QueryPage(path, false, o.Depth);
    }

    private Task<QueryPage> WalkAsync(IReadOnlyList<long> ids, WalkSpec spec, QueryOptions o, CancellationToken cancellationToken) =>
        o.Offset is { } offset
            ? _walk.NamedPageAsync(ids, spec, o.Depth, offset, o.Limit, cancellationToken)
            : _walk.PageAsync(ids, spec, o.Depth, o.Limit, cancellationToken);

    /// <summary>Both directions on the name order: each side's first offset + limit results hold the merged ones (a type is never both
    /// above and below itself, except in a cycle the compiler rejects).</summary>
    private static QueryPage MergeNamed(QueryPage up, QueryPage down, int offset, QueryOptions o)
    {
        var merged = up.Results.Concat(down.Results)
            .GroupBy(r => r.Symbol.Id)
            .Select(g => g.MinBy(r => r.Depth)!)
            .OrderBy(r => r.Depth).ThenBy(r => r.Symbol.QualifiedName, StringComparer.Ordinal)
            .ThenBy(r => r.Symbol.SymbolKey, StringComparer.Ordinal).ThenBy(r => r.Symbol.AssemblyName, StringComparer.Ordinal)
            .ToList();
        var page = merged.Skip(offset).Take(o.Limit).ToList();
        return new QueryPage(page, up.Truncated || down.Truncated || merged.Count > offset + o.Limit, o.Depth);
    }

    private static QueryPage Merge(QueryPage up, QueryPage down, QueryOptions o)
    {
        // Each page holds its own first results by (depth, id), so the merged first Limit by (depth, id) is within their union;
        // the kept results are then listed by (depth, name) like every page.
        var merged = up.Results.Concat(down.Results)
            .GroupBy(r => r.Symbol.Id)
            .Select(g => g.MinBy(r => r.Depth)!)
            .OrderBy(r => r.Depth).ThenBy(r => r.Symbol.Id)
            .ToList();
        var truncated = up.Truncated || down.Truncated || merged.Count > o.Limit;
        var kept = merged.Count > o.Limit ? merged.GetRange(0, o.Limit) : merged;
        return new QueryPage(
            kept.OrderBy(r => r.Depth).ThenBy(r => r.Symbol.QualifiedName, StringComparer.Ordinal).ThenBy(r => r.Symbol.Id).ToList(),
            truncated,
            o.Depth);
    }

    /// <summary>An empty page may mean an unknown id: only then is the start looked up (saves a round trip on the hot path).</summary>
    private async Task<QueryPage> CheckedAsync(IReadOnlyList<long> ids, QueryPage page, CancellationToken cancellationToken)
    {
        if (page.Results.Count == 0)
        {
            foreach (var id in ids)
            {
                await RequireSymbolAsync(id, cancellationToken).ConfigureAwait(false);
            }
        }

        return page;
    }

    private async Task<SymbolInfo> RequireSymbolAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"SELECT {SymbolRow.Columns} FROM code_symbols s WHERE s.id = @id");
        command.Parameters.Add(SqlParameters.Bigint("id", id));
        var rows = await SymbolRow.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        return rows.Count == 1
            ? rows[0]
            : throw new UserInputException("symbol_not_found", $"No symbol has id {id}. Resolve the symbol by name or key first (`symbols <pattern>`).");
    }
}
