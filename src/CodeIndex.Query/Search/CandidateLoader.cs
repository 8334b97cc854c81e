using CodeIndex.Core.Model;
using Npgsql;

namespace CodeIndex.Query;

/// <summary>Loads symbols by id with the graph facts of <see cref="SearchCandidate"/>, keeping only those that pass the request's filters.</summary>
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
        WITH c AS MATERIALIZED (
            SELECT {SymbolRow.Columns}, {Facts}
            FROM code_symbols s
            WHERE s.id = ANY (@ids) AND {SearchFilter.Sql}
        )
        SELECT *, false FROM c
        UNION ALL
        SELECT {SymbolRow.Columns}, {Facts}, true
        FROM code_symbols s
        WHERE s.id IN (SELECT c.owner_id FROM c) AND s.id NOT IN (SELECT c.id FROM c) AND {SearchFilter.Sql}
        """;

    private static readonly string[] TypeKinds = SymbolKinds.All.Where(SymbolKinds.IsType).ToArray();

    /// <summary>The candidates among <paramref name="ids"/> that pass the filters, by id (order is the caller's).</summary>
    public async Task<Dictionary<long, SearchCandidate>> LoadAsync(IReadOnlyCollection<long> ids, SearchRequest request, CancellationToken cancellationToken) =>
        (await ReadAsync(Sql, ids, request, cancellationToken).ConfigureAwait(false)).Candidates;

    /// <summary>The candidates among <paramref name="ids"/> that pass the filters, and the owning types of their members (also filtered; the candidates included).</summary>
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
            p.Add(SqlParameters.TextArray("typeKinds", TypeKinds));
            SearchFilter.Bind(p, request);
        }, cancellationToken).ConfigureAwait(false);
        await using var reader = await prepared.Command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var symbol = SymbolRow.Read(reader);
            var candidate = new SearchCandidate(
                symbol,
                reader.GetBoolean(SymbolRow.Count),
                reader.GetInt32(SymbolRow.Count + 1),
                reader.IsDBNull(SymbolRow.Count + 2) ? null : reader.GetInt64(SymbolRow.Count + 2));
            owners[symbol.Id] = candidate;
            if (!reader.GetBoolean(SymbolRow.Count + 3))
            {
                candidates[symbol.Id] = candidate;
            }
        }

        return (candidates, owners);
    }
}
