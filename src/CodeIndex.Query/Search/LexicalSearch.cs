using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Query;

/// <summary>The two lexical primitives: exact name equality and weighted full-text search with IDF over <c>code_symbols.search_vector</c>.</summary>
internal sealed class LexicalSearch(NpgsqlDataSource db)
{
    private const string ExactSql = $"""
        SELECT {SymbolRow.Columns}
        FROM code_symbols s
        WHERE (lower(s.name) = lower(@text) OR lower(s.qualified_name) = lower(@text))
          AND {SearchFilter.Sql}
        ORDER BY s.is_external, lower(s.qualified_name) = lower(@text) DESC, length(s.qualified_name), s.qualified_name, s.id
        LIMIT @limit
        """;

    // One tsquery per distinct term (stopwords drop out), weighted by its IDF among the repository's source symbols and by its boost
    // (1 for query words, lower for synonyms). A symbol scores the sum over the terms it matches of idf × ts_rank (weights per
    // vector part, length-normalised), so rare words count more and matching more of the question counts more (BM25-like).
    private const string FulltextSql = $"""
        WITH t AS (
            SELECT to_tsquery('english', u.term) AS q, u.boost
            FROM unnest(@terms, @boosts) AS u(term, boost)
        ),
        k AS (
            SELECT DISTINCT ON (q::text) q, boost FROM t WHERE numnode(q) > 0 ORDER BY q::text, boost DESC
        ),
        n AS (
            SELECT greatest(count(*), 1)::float8 AS total FROM code_symbols s WHERE (@repo IS NULL OR s.repository_id = @repo) AND NOT s.is_external
        ),
        w AS (
            SELECT k.q, k.boost * ln(1 + (n.total - d.df + 0.5) / (d.df + 0.5)) AS idf
            FROM k CROSS JOIN n
            CROSS JOIN LATERAL (SELECT count(*)::float8 AS df FROM code_symbols s
                                WHERE s.search_vector @@ k.q AND (@repo IS NULL OR s.repository_id = @repo) AND NOT s.is_external) d
        )
        SELECT s.id, sum(w.idf * ts_rank(@weights, s.search_vector, w.q, @normalization))::float8 AS score
        FROM w JOIN code_symbols s ON s.search_vector @@ w.q
        WHERE NOT s.is_external AND {SearchFilter.Sql}
        GROUP BY s.id
        ORDER BY score DESC, s.id
        LIMIT @limit
        """;

    /// <summary>Symbols whose short or qualified name equals <paramref name="text"/> (case-insensitive); source before external, qualified-name matches first.</summary>
    public async Task<IReadOnlyList<SymbolInfo>> ExactAsync(string text, SearchRequest request, int limit, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(ExactSql);
        command.Parameters.Add(SqlParameters.Text("text", text));
        command.Parameters.Add(SqlParameters.Integer("limit", limit));
        SearchFilter.Bind(command, request);
        return await SymbolRow.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Up to <paramref name="limit"/> (symbol id, score) pairs for <paramref name="terms"/>, best first; empty when no term has a lexeme.</summary>
    public async Task<IReadOnlyList<(long Id, double Score)>> FulltextAsync(
        IReadOnlyList<(string Term, float Boost)> terms, SearchRequest request, int limit, FusionOptions options, CancellationToken cancellationToken)
    {
        if (terms.Count == 0)
        {
            return [];
        }

        await using var command = db.CreateCommand(FulltextSql);
        command.Parameters.Add(SqlParameters.TextArray("terms", terms.Select(t => t.Term).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("boosts", NpgsqlDbType.Array | NpgsqlDbType.Real) { Value = terms.Select(t => t.Boost).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("weights", NpgsqlDbType.Array | NpgsqlDbType.Real) { Value = options.RankWeights });
        command.Parameters.Add(SqlParameters.Integer("normalization", options.RankNormalization));
        command.Parameters.Add(SqlParameters.Integer("limit", limit));
        SearchFilter.Bind(command, request);
        var result = new List<(long, double)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add((reader.GetInt64(0), reader.GetDouble(1)));
        }

        return result;
    }
}
