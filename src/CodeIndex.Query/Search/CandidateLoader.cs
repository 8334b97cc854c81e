using CodeIndex.Core.Model;
using Npgsql;

namespace CodeIndex.Query;

/// <summary>Loads symbols by id with the graph facts of <see cref="SearchCandidate"/>, keeping only those that pass the request's filters.</summary>
/// <remarks>Its SQL pieces (<see cref="CandidatesCte"/>, <see cref="OwnersSelect"/>) are also used by <see cref="LexicalSearch"/>, which loads the
/// lexical candidates in the statement that ranks them.</remarks>
internal sealed class CandidateLoader(NpgsqlDataSource db)
{
    // Facts of s: public?, incoming relationships other than contains, and the owning type (lowest id when several).
    private const string Facts = """
        s.visibility = 'public' AS is_public,
        (SELECT count(*) FROM symbol_relationships r WHERE r.target_id = s.id AND r.relationship_type <> 'contains')::int AS incoming,
        (SELECT r.source_id FROM symbol_relationships r JOIN code_symbols o ON o.id = r.source_id
         WHERE r.target_id = s.id AND r.relationship_type = 'contains' AND o.kind = ANY (@typeKinds)
         ORDER BY r.source_id LIMIT 1) AS owner_id
        """;

    private static readonly string Sql = $"""
        SELECT {SymbolRow.Columns}, {Facts}, false
        FROM code_symbols s
        WHERE s.id = ANY (@ids) AND {SearchFilter.Sql}
        """;

    // The candidates, then (flagged true) the owning types of the candidates that are not candidates themselves, filtered alike: one round trip.
    private static readonly string WithOwnersSql = $"""
        WITH {CandidatesCte("s.id = ANY (@ids)")}
        SELECT *, false FROM cand
        UNION ALL
        {OwnersSelect("")}
        """;

    private static readonly string[] TypeKinds = SymbolKinds.All.Where(SymbolKinds.IsType).ToArray();

    /// <summary>A CTE <c>cand</c>: the symbols matching <paramref name="condition"/> (on <c>code_symbols s</c>) that pass the request's filters, with their facts.</summary>
    /// <remarks>Needs the parameters of <see cref="SearchFilter.Bind(NpgsqlParameterCollection, SearchRequest)"/> and <see cref="BindTypeKinds"/>.</remarks>
    /// <param name="condition">Which symbols (on <c>code_symbols s</c>).</param>
    /// <param name="from">The FROM clause; another relation joined to <c>code_symbols s</c> can carry columns into <c>cand</c>.</param>
    /// <param name="extraColumns">Columns appended after the facts (with a leading comma).</param>
    public static string CandidatesCte(string condition, string from = "code_symbols s", string extraColumns = "") => $"""
        cand AS MATERIALIZED (
            SELECT {SymbolRow.Columns}, {Facts}{extraColumns}
            FROM {from}
            WHERE {condition} AND {SearchFilter.Sql}
        )
        """;

    /// <summary>The owning types of <c>cand</c>'s members that are not in <c>cand</c>, filtered alike, flagged true, then <paramref name="trailingColumns"/>.</summary>
    /// <remarks>Owners come without graph facts (false, 0, null): hybrid ranking only lists them and credits them a share of their members' scores,
    /// it never boosts them, and their two fact subqueries were about 40% of the load's work.</remarks>
    public static string OwnersSelect(string trailingColumns) => $"""
        SELECT {SymbolRow.Columns}, false, 0, NULL::bigint, true{trailingColumns}
        FROM code_symbols s
        WHERE s.id IN (SELECT cand.owner_id FROM cand) AND s.id NOT IN (SELECT cand.id FROM cand) AND {SearchFilter.Sql}
        """;

    public static void BindTypeKinds(NpgsqlParameterCollection parameters) => parameters.Add(SqlParameters.TextArray("typeKinds", TypeKinds));

    /// <summary>Reads a row shaped like <see cref="CandidatesCte"/> + owner flag: the candidate and whether it is an owner-only row.</summary>
    public static (SearchCandidate Candidate, bool IsOwner) ReadCandidate(NpgsqlDataReader reader) =>
        (new SearchCandidate(
            SymbolRow.Read(reader),
            reader.GetBoolean(SymbolRow.Count),
            reader.GetInt32(SymbolRow.Count + 1),
            reader.IsDBNull(SymbolRow.Count + 2) ? null : reader.GetInt64(SymbolRow.Count + 2)),
         reader.GetBoolean(SymbolRow.Count + 3));

    /// <summary>The candidates among <paramref name="ids"/> that pass the filters, by id (order is the caller's).</summary>
    public async Task<Dictionary<long, SearchCandidate>> LoadAsync(IReadOnlyCollection<long> ids, SearchRequest request, CancellationToken cancellationToken) =>
        (await ReadAsync(Sql, ids, request, cancellationToken).ConfigureAwait(false)).Candidates;

    /// <summary>The candidates among <paramref name="ids"/> that pass the filters, and the owning types of their members (also filtered; the candidates included).
    /// Owners that are not candidates carry no graph facts (not public, no references, no owner).</summary>
    public Task<(Dictionary<long, SearchCandidate> Candidates, Dictionary<long, SearchCandidate> Owners)> LoadWithOwnersAsync(
        IReadOnlyCollection<long> ids, SearchRequest request, CancellationToken cancellationToken) =>
        ReadAsync(WithOwnersSql, ids, request, cancellationToken);

    private async Task<(Dictionary<long, SearchCandidate> Candidates, Dictionary<long, SearchCandidate> Owners)> ReadAsync(
        string sql, IReadOnlyCollection<long> ids, SearchRequest request, CancellationToken cancellationToken)
    {
        var candidates = new Dictionary<long, SearchCandidate>();
        var owners = new Dictionary<long, SearchCandidate>();
        if (ids.Count == 0)
        {
            return (candidates, owners);
        }

        await using var prepared = await PreparedCommand.OpenAsync(db, sql, p =>
        {
            p.Add(new NpgsqlParameter("ids", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint) { Value = ids.ToArray() });
            BindTypeKinds(p);
            SearchFilter.Bind(p, request);
        }, cancellationToken).ConfigureAwait(false);
        await using var reader = await prepared.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var (candidate, isOwner) = ReadCandidate(reader);
            owners[candidate.Symbol.Id] = candidate;
            if (!isOwner)
            {
                candidates[candidate.Symbol.Id] = candidate;
            }
        }

        return (candidates, owners);
    }
}
