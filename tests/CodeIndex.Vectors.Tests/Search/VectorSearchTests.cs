using CodeIndex.Core.Model;
using CodeIndex.Testing;
using CodeIndex.Vectors.Pipeline;
using CodeIndex.Vectors.Search;
using CodeIndex.Vectors.Storage;
using CodeIndex.Vectors.Tests.Support;

namespace CodeIndex.Vectors.Tests.Search;

/// <summary>Nearest-neighbour queries on real embeddings, filters, and the HNSW index in the plan.</summary>
public sealed class VectorSearchTests(DatabaseFixture fixture, UseLiteFixture model) : IClassFixture<DatabaseFixture>, IClassFixture<UseLiteFixture>
{
    private const string ModelId = "use-lite-v1";

    private async Task<(long Repo, Dictionary<long, string> Keys)> EmbeddedSampleAsync()
    {
        var repo = await Symbols.NewRepositoryAsync(fixture.DataSource);
        await Symbols.IndexAsync(fixture.DataSource, repo,
        [
            .. SampleCode.All(),
            Symbols.Member("Shop.Billing", null, "Invoice", SymbolKinds.Record, doc: "A bill sent to a customer.", signature: "public record Invoice", file: "src/Billing/Invoice.cs"),
            Symbols.Member("Shop.Geometry", "Circle", "Area", SymbolKinds.Property, doc: "The area of the circle.", signature: "public double Area { get; }", file: "lib/Geometry/Circle.cs", project: "Geometry"),
        ]);
        await new EmbeddingPipeline(fixture.DataSource, model.Embedder).RunAsync(repo);
        var keys = (await Db.RowsAsync(fixture.DataSource, "SELECT id, symbol_key FROM code_symbols WHERE repository_id = $1", repo))
            .Select(r => r.Split('|')).ToDictionary(p => long.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), p => p[1]);
        return (repo, keys);
    }

    private async Task<float[]> QueryAsync(string text) => (await model.Embedder.EmbedAsync([text]))[0];

    [Theory]
    [InlineData("parse json text", "M:Shop.Json.JsonReader.ParseJson")]
    [InlineData("send an e-mail", "M:Shop.Mail.Mailer.SendEmail")]
    [InlineData("calculate sales tax", "M:Shop.Billing.TaxCalculator.ComputeTax")]
    public async Task NearestAsync_RealEmbeddings_RelatedSymbolFirst(string question, string expectedKey)
    {
        var (repo, keys) = await EmbeddedSampleAsync();

        var hits = await new VectorSearch(fixture.DataSource).NearestAsync(repo, ModelId, 512, await QueryAsync(question), 3);

        Assert.Equal(3, hits.Count);
        Assert.Equal(expectedKey, keys[hits[0].SymbolId]);
        Assert.True(hits[0].Similarity > hits[1].Similarity, $"{hits[0].Similarity} vs {hits[1].Similarity}");
        Assert.All(hits, h => Assert.InRange(h.Similarity, -1.0, 1.0 + 1e-6));
    }

    [Fact]
    public async Task NearestAsync_Filters_KindProjectPathAndRepositoryRestrictResults()
    {
        var (repo, keys) = await EmbeddedSampleAsync();
        var search = new VectorSearch(fixture.DataSource);
        var query = await QueryAsync("parse json text");

        var classes = await search.NearestAsync(repo, ModelId, 512, query, 10, new VectorSearchFilter(Kinds: [SymbolKinds.Class, SymbolKinds.Record]));
        var geometry = await search.NearestAsync(repo, ModelId, 512, query, 10, new VectorSearchFilter(Project: "Geometry"));
        var mail = await search.NearestAsync(repo, ModelId, 512, query, 10, new VectorSearchFilter(PathPrefix: "src/Mail/"));
        var everywhere = await search.NearestAsync(null, ModelId, 512, query, 1000);
        var other = await search.NearestAsync(repo + 1000, ModelId, 512, query, 10);

        Assert.Equal(["T:Shop.Billing.Invoice", "T:Shop.Mail.Mailer"], classes.Select(h => keys[h.SymbolId]).Order(StringComparer.Ordinal));
        Assert.Equal(["P:Shop.Geometry.Circle.Area"], geometry.Select(h => keys[h.SymbolId]));
        Assert.Equal(["M:Shop.Mail.Mailer.SendEmail", "T:Shop.Mail.Mailer"], mail.Select(h => keys[h.SymbolId]).Order(StringComparer.Ordinal));
        Assert.True(everywhere.Count >= 6 && keys.Keys.All(id => everywhere.Any(h => h.SymbolId == id) || !keys[id].StartsWith("M:", StringComparison.Ordinal)));
        Assert.Empty(other);
    }

    [Fact]
    public async Task NearestAsync_WrongQueryDimensionOrLimit_Refused()
    {
        var search = new VectorSearch(fixture.DataSource);

        Assert.Equal("embedding_dimension_mismatch",
            (await Assert.ThrowsAsync<CodeIndex.Core.Errors.OperationFailedException>(() => search.NearestAsync(null, ModelId, 512, new float[384], 5))).Code);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => search.NearestAsync(null, ModelId, 512, new float[512], 0));
    }

    [Fact]
    public async Task NearestAsync_FewThousandRows_PlanUsesHnswIndexAndFindsExactMatchFirst()
    {
        const string probeModel = "plan-probe";
        const int dim = 32;
        const int count = 3000;
        var repo = await Symbols.NewRepositoryAsync(fixture.DataSource);
        await Symbols.IndexAsync(fixture.DataSource, repo,
            Enumerable.Range(0, count).Select(i => Symbols.Member("Plan", "T" + (i % 50), "M" + i, project: i % 2 == 0 ? "Even" : "Odd")).ToList());
        await new VectorStoreSchema(fixture.DataSource).EnsureModelAsync(probeModel, dim);
        // Random unit-ish vectors computed in SQL (plumbing data: this test is about the plan, not about meaning).
        await Db.ExecuteAsync(fixture.DataSource, """
            INSERT INTO symbol_embeddings (symbol_id, repository_id, model_id, document_id, text_hash, embedded_text, dimension, embedding)
            SELECT c.id, c.repository_id, 'plan-probe', c.symbol_key, md5(c.symbol_key), c.symbol_key, 32,
                   (SELECT array_agg(sin(c.id * 7.31 + g * 1.7 + g * g * 0.013)::real) FROM generate_series(1, 32) g)::vector
            FROM code_symbols c WHERE c.repository_id = $1
            """, repo);
        await Db.ExecuteAsync(fixture.DataSource, "ANALYZE symbol_embeddings; ANALYZE code_symbols");
        var target = (await Db.RowsAsync(fixture.DataSource, "SELECT symbol_id, embedding::real[]::text FROM symbol_embeddings WHERE model_id = 'plan-probe' ORDER BY symbol_id OFFSET 1234 LIMIT 1"))[0].Split('|');
        var vector = target[1].Trim('{', '}').Split(',').Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var search = new VectorSearch(fixture.DataSource);

        var plain = await search.ExplainAsync(repo, probeModel, dim, vector, 10, null);
        var filtered = await search.ExplainAsync(repo, probeModel, dim, vector, 10, new VectorSearchFilter(Kinds: [SymbolKinds.Method], Project: "Even"));
        var hits = await search.NearestAsync(repo, probeModel, dim, vector, 10);

        Assert.Contains("Index Scan using " + ModelIdentifier.HnswIndexName(probeModel), plain, StringComparison.Ordinal);
        Assert.Contains("Index Scan using " + ModelIdentifier.HnswIndexName(probeModel), filtered, StringComparison.Ordinal);
        Assert.Equal(10, hits.Count);
        Assert.Equal(long.Parse(target[0], System.Globalization.CultureInfo.InvariantCulture), hits[0].SymbolId);
        Assert.InRange(hits[0].Similarity, 0.9999, 1.0001);
    }

    [Theory]
    [InlineData(10, 2.0)]
    [InlineData(100, 2.0)]
    [InlineData(100, 1.0)]
    public async Task ExplainAsync_Unfiltered512dVectors_UsesHnswWhateverTheCandidateList(int limit, double factor)
    {
        // 512-d vectors are TOASTed; the planner does not cost reading them all and chose scan + sort at a few thousand rows.
        var probeModel = $"toast-probe-{limit}-{(int)factor}";
        const int dim = 512;
        var repo = await Symbols.NewRepositoryAsync(fixture.DataSource);
        await Symbols.IndexAsync(fixture.DataSource, repo, Enumerable.Range(0, 3000).Select(i => Symbols.Member("Toast", "T" + (i % 50), "M" + i)).ToList());
        await new VectorStoreSchema(fixture.DataSource).EnsureModelAsync(probeModel, dim);
        await Db.ExecuteAsync(fixture.DataSource, $"""
            INSERT INTO symbol_embeddings (symbol_id, repository_id, model_id, document_id, text_hash, embedded_text, dimension, embedding)
            SELECT c.id, c.repository_id, '{probeModel}', c.symbol_key, md5(c.symbol_key), c.symbol_key, 512,
                   (SELECT array_agg(sin(c.id * 7.31 + g * 1.7 + g * g * 0.013)::real) FROM generate_series(1, 512) g)::vector
            FROM code_symbols c WHERE c.repository_id = $1
            """, repo);
        await Db.ExecuteAsync(fixture.DataSource, "ANALYZE symbol_embeddings; ANALYZE code_symbols");
        var vector = Enumerable.Range(1, dim).Select(g => (float)Math.Sin(g * 0.37)).ToArray();

        var plan = await new VectorSearch(fixture.DataSource) { CandidateListFactor = factor }.ExplainAsync(repo, probeModel, dim, vector, limit, null);

        Assert.Contains("Index Scan using " + ModelIdentifier.HnswIndexName(probeModel), plan, StringComparison.Ordinal);
    }

    [Fact]
    public void CandidateListFactor_NotPositive_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new VectorSearch(fixture.DataSource) { CandidateListFactor = 0 });

    [Theory]
    [InlineData(50, 1.0, false, "50 strict_order off")] // unfiltered: sorts disabled so the planner keeps the HNSW scan
    [InlineData(10, 2.0, false, "40 strict_order off")] // ef_search never below pgvector's default 40
    [InlineData(100, 2.0, true, "200 strict_order on")] // filtered: the planner keeps its choice
    public async Task NearestAsync_SettingsApplyToItsQueryOnly(int limit, double factor, bool filtered, string expected)
    {
        var filter = filtered ? new VectorSearchFilter(Kinds: [SymbolKinds.Method]) : VectorSearchFilter.None;

        var inBatch = await new VectorSearch(fixture.DataSource) { CandidateListFactor = factor }.SettingsInEffectAsync(limit, filter);

        Assert.Equal(expected, inBatch);
        // The transaction-local settings ended with the batch's implicit transaction: the pooled connection is back at the defaults.
        Assert.Equal(["40 off on"], await Db.RowsAsync(fixture.DataSource,
            "SELECT current_setting('hnsw.ef_search') || ' ' || current_setting('hnsw.iterative_scan') || ' ' || current_setting('enable_sort')"));
    }
}
