using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Query;

/// <summary>The two lexical primitives: exact name equality and weighted full-text search with IDF over <c>code_symbols.search_vector</c>.</summary>
internal sealed class LexicalSearch(NpgsqlDataSource db)
{
    private const string ExactSql = $"""
        SELECT {SymbolRow.Columns}
        FROM code_symbols s
        WHERE {ExactCondition}
          AND {SearchFilter.Sql}
        ORDER BY {ExactOrder}
        LIMIT @limit
        """;

    // One lexeme per distinct term (stopwords have none) with its best boost, weighted by its IDF among the scope's source symbols
    // (BM25-like: ln(1 + (N - df + 0.5) / (df + 0.5))); N and df come from the counters of migration 007, so no query counts rows.
    // A symbol scores the sum over the terms it contains of idf × boost × ts_rank (weights per vector part, length-normalised).
    // Ranked are the candidates (c): when all the terms' matches together fit @exactBudget, every match (the exact answer);
    // otherwise at most @candidateBudget symbols: every match of the rarest terms whose matches fit half of it ("driving"),
    // then symbols matching all the other query words, then two of the four rarest other terms, then the rarest other term.
    // Frequent words then only rank what rarer words and conjunctions found, so the cost no longer grows with the repository.
    // c holds each distinct candidate's vector detoasted once ("|| ''" builds an in-memory copy, made after DISTINCT ON): a materialized CTE keeps TOAST pointers, and
    // vectors with body words are often stored out of line, so every (candidate, term) match and ts_rank re-read them (measured at
    // 100k symbols with a 25-word question: 4,010 → 500 buffer reads, execution p50 12.5 → 7.9 ms).
    private const string FulltextCtes = $"""
        WITH k AS (
            SELECT l.lexeme, max(u.boost) AS boost
            FROM unnest(@terms, @boosts) AS u(term, boost)
            CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector('english', u.term))) AS l(lexeme)
            GROUP BY l.lexeme
        ),
        n AS (
            SELECT greatest(coalesce(sum(c.source_symbols), 0), 1)::float8 AS total
            FROM search_symbol_counts c WHERE @repo IS NULL OR c.repository_id = @repo
        ),
        w AS MATERIALIZED (
            SELECT quote_literal(k.lexeme)::tsquery AS q, k.boost, k.boost * ln(1 + (n.total - d.df + 0.5) / (d.df + 0.5)) AS idf,
                   row_number() OVER (ORDER BY d.df, k.lexeme) AS r,
                   sum(d.df) OVER (ORDER BY d.df, k.lexeme) AS cumulative_df,
                   sum(d.df) OVER () AS total_df
            FROM k CROSS JOIN n
            CROSS JOIN LATERAL (SELECT coalesce(sum(l.documents), 0)::float8 AS df FROM search_lexeme_counts l
                                WHERE l.lexeme = k.lexeme AND (@repo IS NULL OR l.repository_id = @repo)) d
        ),
        o AS (
            SELECT w.q, w.boost, row_number() OVER (ORDER BY w.r) AS j FROM w
            WHERE w.total_df > @exactBudget AND w.cumulative_df > @candidateBudget / 2
        ),
        conj AS MATERIALIZED (
            SELECT x.ord, x.q FROM (
                SELECT 0 AS ord, string_agg(o.q::text, ' & ')::tsquery AS q FROM o WHERE o.boost >= 1 HAVING count(*) > 2
                UNION ALL
                SELECT 10 * a.j + b.j, a.q && b.q FROM o a JOIN o b ON a.j < b.j AND b.j <= 4
                UNION ALL
                SELECT 100, o.q FROM o WHERE o.j = 1) x
            ORDER BY x.ord
        ),
        c AS MATERIALIZED (
            SELECT u.id, u.search_vector || ''::tsvector AS search_vector FROM (SELECT DISTINCT ON (m.id) m.id, m.search_vector FROM (
                (SELECT s.id, s.search_vector
                 FROM (SELECT string_agg(w.q::text, ' | ')::tsquery AS q FROM w
                       WHERE w.total_df <= @exactBudget OR w.cumulative_df <= @candidateBudget / 2) d
                 JOIN code_symbols s ON s.search_vector @@ d.q
                 WHERE NOT s.is_external AND {SearchFilter.Sql}
                 UNION ALL
                 SELECT t.id, t.search_vector FROM conj CROSS JOIN LATERAL (
                     SELECT s.id, s.search_vector FROM code_symbols s
                     WHERE s.search_vector @@ conj.q AND NOT s.is_external AND {SearchFilter.Sql}
                     LIMIT @candidateBudget) t)
                LIMIT (SELECT CASE WHEN max(w.total_df) <= @exactBudget THEN NULL ELSE @candidateBudget END FROM w)) m
            ORDER BY m.id) u
        )
        """;

    private const string FulltextRanking = """
        SELECT c.id, sum(w.idf * ts_rank(@weights, c.search_vector, w.q, @normalization))::float8 AS score
        FROM c JOIN w ON c.search_vector @@ w.q
        GROUP BY c.id
        ORDER BY score DESC, c.id
        LIMIT @limit
        """;

    private const string FulltextSql = FulltextCtes + "\n" + FulltextRanking;

    private const string ExactCondition = "(lower(s.name) = lower(@text) OR lower(s.qualified_name) = lower(@text))";

    private const string ExactOrder = "s.is_external, lower(s.qualified_name) = lower(@text) DESC, length(s.qualified_name), s.qualified_name, s.id";

    // Hybrid's lexical side in one statement: the full-text list (f, ranked as FulltextSql), the exact list (e: source symbols among the first
    // @limit exact matches, as ExactSql), and both lists' symbols loaded with their graph facts and owning types (CandidateLoader's pieces).
    // One round trip and one plan instead of three statements, two of them waiting on the first. The two lists' ranks come into cand through
    // l (one row per listed symbol), not by joining cand to f and e afterwards: the generic plan estimates one row per CTE and joined them
    // by nested loops, rescanning f for each of its 100 rows (~1.5 ms of a 12 ms statement at 100k symbols).
    private static readonly string HybridSql = $"""
        {FulltextCtes},
        f AS MATERIALIZED (
            SELECT r.id, r.score, row_number() OVER (ORDER BY r.score DESC, r.id) AS rank FROM ({FulltextRanking}) r
        ),
        e AS MATERIALIZED (
            SELECT x.id, x.rank FROM (
                SELECT s.id, s.is_external, row_number() OVER (ORDER BY {ExactOrder}) AS rank
                FROM code_symbols s
                WHERE {ExactCondition} AND {SearchFilter.Sql}
                ORDER BY {ExactOrder}
                LIMIT @limit) x
            WHERE NOT x.is_external
        ),
        l AS (
            SELECT u.id, max(u.frank) AS frank, max(u.fscore) AS fscore, max(u.erank) AS erank FROM (
                SELECT f.id, f.rank AS frank, f.score AS fscore, NULL::bigint AS erank FROM f
                UNION ALL
                SELECT e.id, NULL, NULL, e.rank FROM e) u
            GROUP BY u.id
        ),
        {CandidateLoader.CandidatesCte("true", "l JOIN code_symbols s ON s.id = l.id", ", l.frank, l.fscore, l.erank")}
        SELECT {SymbolRow.ColumnsOf("cand")}, cand.is_public, cand.incoming, cand.owner_id, false, cand.frank, cand.fscore, cand.erank FROM cand
        UNION ALL
        {CandidateLoader.OwnersSelect(", NULL::bigint, NULL::float8, NULL::bigint")}
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

        await using var prepared = await PreparedCommand.OpenAsync(db, FulltextSql, p => BindFulltext(p, terms, request, limit, options), cancellationToken).ConfigureAwait(false);
        var result = new List<(long, double)>();
        await using var reader = await prepared.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add((reader.GetInt64(0), reader.GetDouble(1)));
        }

        return result;
    }

    /// <summary>Hybrid's lexical side: the exact list (source symbols) and the full-text list for <paramref name="terms"/>, up to <paramref name="limit"/>
    /// each, best first, with every listed symbol loaded (and filtered) as <see cref="CandidateLoader.LoadWithOwnersAsync"/> does.</summary>
    public async Task<LexicalCandidates> HybridAsync(
        string text, IReadOnlyList<(string Term, float Boost)> terms, SearchRequest request, int limit, FusionOptions options, CancellationToken cancellationToken)
    {
        await using var prepared = await PreparedCommand.OpenAsync(db, HybridSql, p =>
        {
            BindFulltext(p, terms, request, limit, options);
            p.Add(SqlParameters.Text("text", text));
            CandidateLoader.BindTypeKinds(p);
        }, cancellationToken).ConfigureAwait(false);
        var exact = new List<(long Rank, long Id)>();
        var fulltext = new List<(long Rank, long Id, double Score)>();
        var candidates = new Dictionary<long, SearchCandidate>();
        var owners = new Dictionary<long, SearchCandidate>();
        await using var reader = await prepared.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var (candidate, isOwner) = CandidateLoader.ReadCandidate(reader);
            var id = candidate.Symbol.Id;
            owners[id] = candidate;
            if (isOwner)
            {
                continue;
            }

            candidates[id] = candidate;
            if (!reader.IsDBNull(SymbolRow.Count + 4))
            {
                fulltext.Add((reader.GetInt64(SymbolRow.Count + 4), id, reader.GetDouble(SymbolRow.Count + 5)));
            }

            if (!reader.IsDBNull(SymbolRow.Count + 6))
            {
                exact.Add((reader.GetInt64(SymbolRow.Count + 6), id));
            }
        }

        return new LexicalCandidates(
            exact.OrderBy(e => e.Rank).Select(e => e.Id).ToList(),
            fulltext.OrderBy(f => f.Rank).Select(f => (f.Id, f.Score)).ToList(),
            candidates,
            owners);
    }

    private static void BindFulltext(NpgsqlParameterCollection p, IReadOnlyList<(string Term, float Boost)> terms, SearchRequest request, int limit, FusionOptions options)
    {
        p.Add(SqlParameters.TextArray("terms", terms.Select(t => t.Term).ToArray()));
        p.Add(new NpgsqlParameter("boosts", NpgsqlDbType.Array | NpgsqlDbType.Real) { Value = terms.Select(t => t.Boost).ToArray() });
        p.Add(new NpgsqlParameter("weights", NpgsqlDbType.Array | NpgsqlDbType.Real) { Value = options.RankWeights });
        p.Add(SqlParameters.Integer("normalization", options.RankNormalization));
        p.Add(SqlParameters.Integer("limit", limit));
        p.Add(SqlParameters.Integer("exactBudget", options.FulltextExactBudget));
        p.Add(SqlParameters.Integer("candidateBudget", options.FulltextCandidateBudget));
        SearchFilter.Bind(p, request);
    }
}
