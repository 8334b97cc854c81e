using CodeIndex.Core.Model;
using Npgsql;

namespace CodeIndex.Query;

/// <summary>Loads symbols by id with the graph facts of <see cref="SearchCandidate"/>, keeping only those that pass the request's filters.</summary>
internal sealed class CandidateLoader(NpgsqlDataSource db)
{
    private static readonly string Sql = $"""
        SELECT {SymbolRow.Columns}, s.visibility = 'public',
               (SELECT count(*) FROM symbol_relationships r WHERE r.target_id = s.id AND r.relationship_type <> 'contains')::int,
               (SELECT r.source_id FROM symbol_relationships r JOIN code_symbols o ON o.id = r.source_id
                WHERE r.target_id = s.id AND r.relationship_type = 'contains' AND o.kind = ANY (@typeKinds)
                ORDER BY r.source_id LIMIT 1)
        FROM code_symbols s
        WHERE s.id = ANY (@ids) AND {SearchFilter.Sql}
        """;

    private static readonly string[] TypeKinds = SymbolKinds.All.Where(SymbolKinds.IsType).ToArray();

    /// <summary>The candidates among <paramref name="ids"/> that pass the filters, by id (order is the caller's).</summary>
    public async Task<Dictionary<long, SearchCandidate>> LoadAsync(IReadOnlyCollection<long> ids, SearchRequest request, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, SearchCandidate>();
        if (ids.Count == 0)
        {
            return result;
        }

        await using var command = db.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint) { Value = ids.ToArray() });
        command.Parameters.Add(SqlParameters.TextArray("typeKinds", TypeKinds));
        SearchFilter.Bind(command, request);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var symbol = SymbolRow.Read(reader);
            result[symbol.Id] = new SearchCandidate(
                symbol,
                reader.GetBoolean(SymbolRow.Count),
                reader.GetInt32(SymbolRow.Count + 1),
                reader.IsDBNull(SymbolRow.Count + 2) ? null : reader.GetInt64(SymbolRow.Count + 2));
        }

        return result;
    }
}
