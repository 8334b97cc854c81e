using CodeIndex.Core.Errors;
using CodeIndex.Core.Model;
using Npgsql;

namespace CodeIndex.Query;

/// <summary>"Find All References" from the index: every site that uses a symbol (or an overload group), with its access.</summary>
/// <remarks>
/// The edge set depends on what the target is (README, <c>query references</c>):
/// a type — <c>references</c> sites (declarations, generic arguments, casts, <c>typeof</c>, attributes, base lists, static member
/// access through its name, <c>nameof</c>, <c>cref</c>) and <c>calls</c> of its constructors;
/// a method — <c>calls</c> (explicit and implicit) and <c>uses</c> (method groups, <c>nameof</c>, <c>cref</c>); the members that
/// override or implement it are listed apart (<see cref="ReferencePage.Implementations"/>);
/// a property or indexer — <c>calls</c> (reads and writes) and <c>uses</c>; a field, event or enum member — <c>uses</c>.
/// Sites are ordered by file, line, column, target key: a stable order (not ids), so a page means the same sites while
/// the index is unchanged; <see cref="ReferencePage.Truncated"/> says more exist beyond <c>limit</c>.
/// </remarks>
public sealed class ReferenceQuery(NpgsqlDataSource db)
{
    private const string SitesSql = $"""
        WITH t AS (
            SELECT g.id FROM unnest(@targets) AS g(id)
            UNION
            SELECT c.id FROM code_symbols ty
            JOIN code_symbols c ON c.repository_id = ty.repository_id AND c.assembly_name = ty.assembly_name
                               AND c.kind = 'constructor' AND c.symbol_key LIKE 'M:' || replace(replace(substr(ty.symbol_key, 3), '\', '\\'), '_', '\_') || '.#ctor%'
            WHERE ty.id = ANY (@targets) AND ty.symbol_key LIKE 'T:%')
        SELECT x.file_path, x.line_number, x.column_number, x.access, x.is_implicit, x.is_candidate, r.relationship_type, tg.symbol_key,
               {SymbolRow.Columns}, tg.symbol_key || '@' || tg.assembly_name
        FROM t
        JOIN symbol_relationships r ON r.target_id = t.id AND r.relationship_type = ANY (@types)
        JOIN relationship_sites x ON x.relationship_id = r.id
        JOIN code_symbols tg ON tg.id = r.target_id
        JOIN code_symbols s ON s.id = r.source_id
        WHERE (@access::text[] IS NULL OR x.access = ANY (@access))
        ORDER BY x.file_path, x.line_number, x.column_number, tg.symbol_key, r.relationship_type
        OFFSET @offset
        LIMIT @limit + 1
        """;

    private const string ImplementationsSql = $"""
        SELECT r.relationship_type, tg.symbol_key, {SymbolRow.Columns}
        FROM symbol_relationships r
        JOIN code_symbols tg ON tg.id = r.target_id
        JOIN code_symbols s ON s.id = r.source_id
        WHERE r.target_id = ANY (@targets) AND r.relationship_type IN ('overrides', 'implements')
        ORDER BY s.qualified_name, s.symbol_key
        """;

    /// <summary>The sites that use any of <paramref name="targets"/> (one symbol or an overload group, all of one kind family).</summary>
    /// <param name="access">Only sites with one of these accesses (<see cref="SiteAccess"/>); null for all.</param>
    /// <exception cref="UserInputException"><c>invalid_access</c> for an access name that does not exist.</exception>
    public Task<ReferencePage> FindAsync(IReadOnlyList<SymbolInfo> targets, IReadOnlyList<string>? access, int limit, CancellationToken cancellationToken = default) =>
        FindAsync(targets, access, 0, limit, cancellationToken);

    /// <summary>The sites from position <paramref name="offset"/> on, in the stable order of file, line, column, target key.</summary>
    public async Task<ReferencePage> FindAsync(IReadOnlyList<SymbolInfo> targets, IReadOnlyList<string>? access, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0)
        {
            throw new ArgumentException("Expected at least one target symbol.", nameof(targets));
        }

        if (access?.FirstOrDefault(a => !SiteAccess.IsKnown(a)) is { } unknown)
        {
            throw new UserInputException("invalid_access", $"Unknown access '{unknown}'. Valid accesses: {string.Join(", ", SiteAccess.All)}.");
        }

        var ids = targets.Select(t => t.Id).ToArray();
        var types = TypesFor(targets[0].Kind);
        var sites = new List<ReferenceSite>();
        await using (var command = db.CreateCommand(SitesSql))
        {
            command.Parameters.Add(SqlParameters.BigintArray("targets", ids));
            command.Parameters.Add(SqlParameters.TextArray("types", types));
            command.Parameters.Add(SqlParameters.TextArray("access", access));
            command.Parameters.Add(SqlParameters.Integer("offset", offset));
            command.Parameters.Add(SqlParameters.Integer("limit", limit));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                sites.Add(new ReferenceSite(
                    reader.GetString(0),
                    reader.GetInt32(1),
                    reader.GetInt32(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetBoolean(4),
                    reader.GetBoolean(5),
                    reader.GetString(6),
                    reader.GetString(7),
                    SymbolRow.Read(reader, 8),
                    reader.GetString(8 + SymbolRow.Count)));
            }
        }

        var truncated = sites.Count > limit;
        if (truncated)
        {
            sites.RemoveAt(sites.Count - 1);
        }

        var implementations = new List<ReferenceImplementation>();
        if (offset == 0 && targets[0].Kind is SymbolKinds.Method or SymbolKinds.Property or SymbolKinds.Indexer or SymbolKinds.Event)
        {
            await using var command = db.CreateCommand(ImplementationsSql);
            command.Parameters.Add(SqlParameters.BigintArray("targets", ids));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                implementations.Add(new ReferenceImplementation(reader.GetString(0), reader.GetString(1), SymbolRow.Read(reader, 2)));
            }
        }

        return new ReferencePage(sites, implementations, truncated);
    }

    /// <summary>The relationship types whose sites count as uses of a symbol of <paramref name="kind"/>.</summary>
    public static IReadOnlyList<string> TypesFor(string kind) => kind switch
    {
        _ when SymbolKinds.IsType(kind) => [RelationshipTypes.References, RelationshipTypes.Calls],
        SymbolKinds.Method or SymbolKinds.Constructor or SymbolKinds.Operator or SymbolKinds.Property or SymbolKinds.Indexer => [RelationshipTypes.Calls, RelationshipTypes.Uses],
        SymbolKinds.Field or SymbolKinds.Event or SymbolKinds.EnumMember => [RelationshipTypes.Uses],
        _ => [RelationshipTypes.References, RelationshipTypes.Imports], // namespaces: using directives and qualified names
    };
}

/// <summary>One use of a target symbol.</summary>
/// <param name="Access">How the site uses the target (<see cref="SiteAccess"/>); null on sites written before migration 009.</param>
/// <param name="Relationship">The relationship the site belongs to (<c>calls</c>, <c>uses</c>, <c>references</c>).</param>
/// <param name="TargetKey">Which target the site reaches (an overload of the group, or a constructor of a type).</param>
/// <param name="Source">The member or type whose code holds the site.</param>
/// <param name="TargetHandle">The used symbol's handle (key@assembly): one of the targets, or a constructor of a target type.</param>
public sealed record ReferenceSite(string FilePath, int Line, int Column, string? Access, bool IsImplicit, bool IsCandidate, string Relationship, string TargetKey, SymbolInfo Source, string TargetHandle = "");

/// <summary>A member that overrides or implements a target (listed apart from uses).</summary>
public sealed record ReferenceImplementation(string Relationship, string TargetKey, SymbolInfo Member);

/// <summary>One page of <see cref="ReferenceQuery.FindAsync"/>.</summary>
public sealed record ReferencePage(IReadOnlyList<ReferenceSite> Sites, IReadOnlyList<ReferenceImplementation> Implementations, bool Truncated);
