using CodeIndex.Query.Tests.Search.Support;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Query.Tests.Search;

/// <summary>Full-text ranking against a reference that counts N and every document frequency live and ranks every match (the statement
/// before migration 007): equal within the exact budget; above it, what is returned is ranked with the same scores.</summary>
[Collection(SearchCorpusCollection.Name)]
public sealed class FulltextBudgetTests(SearchCorpus corpus)
{
    private const string ReferenceSql = $"""
        WITH t AS (
            SELECT to_tsquery('english', u.term) AS q, u.boost FROM unnest(@terms, @boosts) AS u(term, boost)
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

    public static TheoryData<string> Queries =>
        ["deserializes json", "get user by id", "GetUserByIdAsync", "rent a connection from the pool", "combine records", "the of and", "json text object writes"];

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task WithinExactBudget_EqualsReference(string query)
    {
        foreach (var repo in new long?[] { corpus.RepositoryId, null })
        {
            var request = new SearchRequest(query, SearchMode.Fulltext, RepositoryId: repo);
            var terms = Terms(query);

            var actual = await new LexicalSearch(corpus.DataSource).FulltextAsync(terms, request, 100, FusionOptions.Default, CancellationToken.None);

            // Same symbols with the same scores in the same order; the reference sums a symbol's terms in no fixed order, so two symbols
            // with identical vectors (overloads) can differ in the last bit there and swap places.
            var expected = await ReferenceAsync(terms, request, 100);
            Assert.Equal(expected.Select(e => e.Id).Order(), actual.Select(a => a.Id).Order());
            Assert.All(expected.Zip(actual), p => Assert.Equal(p.First.Score, p.Second.Score, 9));
            var scores = expected.ToDictionary(e => e.Id, e => e.Score);
            Assert.All(actual, a => Assert.Equal(scores[a.Id], a.Score, 9));
        }
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task OverBudget_RanksCandidatesWithTheReferenceScores(string query)
    {
        var options = FusionOptions.Default with { FulltextExactBudget = 0, FulltextCandidateBudget = 4 };
        var request = new SearchRequest(query, SearchMode.Fulltext, RepositoryId: corpus.RepositoryId);
        var terms = Terms(query);

        var actual = await new LexicalSearch(corpus.DataSource).FulltextAsync(terms, request, 100, options, CancellationToken.None);

        var expected = (await ReferenceAsync(terms, request, 1000)).ToDictionary(e => e.Id, e => e.Score);
        Assert.True(actual.Count <= 4);
        Assert.All(actual, a => Assert.Equal(expected[a.Id], a.Score, 9));
        Assert.Equal(actual.OrderByDescending(a => a.Score).ThenBy(a => a.Id), actual);
        Assert.Equal(expected.Count > 0, actual.Count > 0);
    }

    [Fact]
    public async Task OverBudget_RareTermStillFindsItsMatches()
    {
        // "rent" matches 2 symbols, "connection"/"pool" more: the rarest term drives the candidates, the others only rank them.
        var options = FusionOptions.Default with { FulltextExactBudget = 0, FulltextCandidateBudget = 4 };
        var request = new SearchRequest("rent a connection from the pool", SearchMode.Fulltext, RepositoryId: corpus.RepositoryId);

        var actual = await new LexicalSearch(corpus.DataSource).FulltextAsync(Terms(request.Text), request, 10, options, CancellationToken.None);

        Assert.Equal(corpus.Id("Shop.Data.ConnectionPool.Rent"), actual[0].Id);
        Assert.Contains(actual, a => a.Id == corpus.Id("Shop.Data.LeaseTracker"));
    }

    [Fact]
    public async Task OverBudget_FiltersStillApply()
    {
        var options = FusionOptions.Default with { FulltextExactBudget = 0, FulltextCandidateBudget = 4 };
        var request = new SearchRequest("rent a connection from the pool", SearchMode.Fulltext, RepositoryId: corpus.RepositoryId, Kinds: ["class"]);

        var actual = await new LexicalSearch(corpus.DataSource).FulltextAsync(Terms(request.Text), request, 10, options, CancellationToken.None);

        Assert.NotEmpty(actual);
        Assert.DoesNotContain(actual, a => a.Id == corpus.Id("Shop.Data.ConnectionPool.Rent"));
    }

    private static List<(string, float)> Terms(string query)
    {
        var terms = QueryTerms.Parse(query);
        return [.. terms.Words.Select(w => (w, 1f)), .. terms.Synonyms.Select(s => (s, FusionOptions.Default.SynonymBoost))];
    }

    private async Task<List<(long Id, double Score)>> ReferenceAsync(IReadOnlyList<(string Term, float Boost)> terms, SearchRequest request, int limit)
    {
        await using var command = corpus.DataSource.CreateCommand(ReferenceSql);
        command.Parameters.Add(new NpgsqlParameter("terms", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = terms.Select(t => t.Term).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("boosts", NpgsqlDbType.Array | NpgsqlDbType.Real) { Value = terms.Select(t => t.Boost).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("weights", NpgsqlDbType.Array | NpgsqlDbType.Real) { Value = FusionOptions.Default.RankWeights });
        command.Parameters.Add(new NpgsqlParameter("normalization", NpgsqlDbType.Integer) { Value = FusionOptions.Default.RankNormalization });
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = limit });
        SearchFilter.Bind(command, request);
        var result = new List<(long, double)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add((reader.GetInt64(0), reader.GetDouble(1)));
        }

        return result;
    }
}
