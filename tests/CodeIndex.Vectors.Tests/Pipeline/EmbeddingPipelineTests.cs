using CodeIndex.Core.Model;
using CodeIndex.Testing;
using CodeIndex.Vectors.Pipeline;
using CodeIndex.Vectors.Tests.Support;
using Npgsql;

namespace CodeIndex.Vectors.Tests.Pipeline;

/// <summary>The pipeline on real symbols and the real USE-lite model: incremental runs, cache reuse, shared texts, document ids.</summary>
public sealed class EmbeddingPipelineTests(DatabaseFixture fixture, UseLiteFixture model) : IClassFixture<DatabaseFixture>, IClassFixture<UseLiteFixture>
{
    private EmbeddingPipeline Pipeline() => new(fixture.DataSource, model.Embedder);

    private async Task<long> IndexedRepositoryAsync(List<SymbolRecord> symbols)
    {
        var repo = await Symbols.NewRepositoryAsync(fixture.DataSource);
        await Symbols.IndexAsync(fixture.DataSource, repo, symbols);
        return repo;
    }

    private Task<List<string>> VectorsAsync(long repo) => Db.RowsAsync(fixture.DataSource,
        "SELECT c.symbol_key, e.embedding::text FROM symbol_embeddings e JOIN code_symbols c ON c.id = e.symbol_id WHERE e.repository_id = $1 ORDER BY 1", repo);

    [Fact]
    public async Task RunAsync_FirstRun_EmbedsEveryEmbeddableSymbolWithItsOwnTextVector()
    {
        // Its own database: other tests of this class embed the same sample texts, which would be cache hits here.
        await using var db = CodeIndex.Storage.Connection.DatabaseConnector.Create(await fixture.CreateDatabaseAsync("firstrun"));
        var repo = await Symbols.NewRepositoryAsync(db);
        await Symbols.IndexAsync(db, repo, SampleCode.All());
        var pipeline = new EmbeddingPipeline(db, model.Embedder);
        Assert.Equal(4, await pipeline.PendingCountAsync(repo));

        var result = await pipeline.RunAsync(repo);

        Assert.Equal((4, 0, 0, 4, 4, 0), (result.Symbols, result.Unchanged, result.ReusedFromCache, result.Embedded, result.FilledByEmbedding, result.Pending));
        Assert.Equal(0, await pipeline.PendingCountAsync(repo));
        var rows = await Db.RowsAsync(db, """
            SELECT c.symbol_key, e.document_id = c.symbol_key, e.model_id, e.dimension,
                   e.text_hash = encode(sha256(convert_to(e.embedded_text, 'UTF8')), 'hex'), e.embedded_text
            FROM symbol_embeddings e JOIN code_symbols c ON c.id = e.symbol_id WHERE e.repository_id = $1 ORDER BY 1
            """, repo);
        Assert.Equal(
        [
            "M:Shop.Billing.TaxCalculator.ComputeTax|True|use-lite-v1|512|True|method compute tax, in tax calculator, namespace shop billing. Computes the sales tax owed for an order total. decimal ComputeTax(decimal total)",
            "M:Shop.Json.JsonReader.ParseJson|True|use-lite-v1|512|True|method parse json, in json reader, namespace shop json. Parses JSON text into a document tree. JsonNode ParseJson(string text)",
            "M:Shop.Mail.Mailer.SendEmail|True|use-lite-v1|512|True|method send email, in mailer, namespace shop mail. Sends an email message to a recipient. Task SendEmail(string to, string body)",
            "T:Shop.Mail.Mailer|True|use-lite-v1|512|True|class mailer, namespace shop mail. Delivers mail through SMTP. class Mailer",
        ], rows);

        // Each stored vector is the model's vector of that row's text (no mix-up between batch positions and rows).
        await using var command = db.CreateCommand("SELECT embedded_text, embedding::real[] FROM symbol_embeddings WHERE repository_id = $1");
        command.Parameters.Add(new() { Value = repo });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var expected = (await model.Embedder.EmbedAsync([reader.GetString(0)]))[0];
            var stored = reader.GetFieldValue<float[]>(1);
            Assert.Equal(512, stored.Length);
            Assert.True(Cosine(expected, stored) > 0.9999, $"stored vector of '{reader.GetString(0)}' is not its text's vector");
        }
    }

    [Fact]
    public async Task RunAsync_ReindexUnchangedCode_ComputesZeroEmbeddingsAndKeepsVectors()
    {
        var repo = await IndexedRepositoryAsync(SampleCode.All());
        await Pipeline().RunAsync(repo);
        var before = await VectorsAsync(repo);

        await Symbols.IndexAsync(fixture.DataSource, repo, SampleCode.All());
        var result = await Pipeline().RunAsync(repo);

        Assert.Equal((4, 4, 0, 0, 0), (result.Symbols, result.Unchanged, result.ReusedFromCache, result.Embedded, result.Pending));
        Assert.Equal(before, await VectorsAsync(repo));
    }

    [Fact]
    public async Task RunAsync_OneDocChanged_ReembedsExactlyThatSymbol()
    {
        var repo = await IndexedRepositoryAsync(SampleCode.All());
        await Pipeline().RunAsync(repo);
        var before = await VectorsAsync(repo);

        await Symbols.IndexAsync(fixture.DataSource, repo, SampleCode.All(taxDoc: "Computes value added tax for an invoice."));
        var result = await Pipeline().RunAsync(repo);

        Assert.Equal((3, 0, 1, 1, 0), (result.Unchanged, result.ReusedFromCache, result.Embedded, result.FilledByEmbedding, result.Pending));
        var after = await VectorsAsync(repo);
        Assert.Equal(before.Where(r => !r.Contains("ComputeTax", StringComparison.Ordinal)), after.Where(r => !r.Contains("ComputeTax", StringComparison.Ordinal)));
        Assert.NotEqual(before.Single(r => r.Contains("ComputeTax", StringComparison.Ordinal)), after.Single(r => r.Contains("ComputeTax", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RunAsync_SameCodeInAnotherRepository_FilledFromCacheWithoutEmbedding()
    {
        var first = await IndexedRepositoryAsync(SampleCode.All(taxDoc: "Tax for the second-repository test."));
        await Pipeline().RunAsync(first);
        var second = await IndexedRepositoryAsync(SampleCode.All(taxDoc: "Tax for the second-repository test."));

        var result = await Pipeline().RunAsync(second);

        Assert.Equal((4, 0, 0, 0), (result.ReusedFromCache, result.Embedded, result.Unchanged, result.Pending));
        Assert.Equal((await VectorsAsync(first)).Select(r => r.Split('|')[1]), (await VectorsAsync(second)).Select(r => r.Split('|')[1]));
    }

    [Fact]
    public async Task RunAsync_KeyInTwoAssemblies_SharedTextEmbeddedOnceAndDocumentIdsQualified()
    {
        var inA = Symbols.Member("Shared.Util", "Clock", "UtcNow", SymbolKinds.Property, doc: "The current time in UTC.", signature: "public DateTime UtcNow { get; }", assembly: "A");
        var inB = inA with { AssemblyName = "B", Project = "B" };
        var unique = Symbols.Member("Shared.Util", "Clock", "Tick", doc: "Advances the clock.", assembly: "A");
        var repo = await IndexedRepositoryAsync([inA, inB, unique]);

        var result = await Pipeline().RunAsync(repo);

        Assert.Equal((3, 2, 3, 0), (result.Symbols, result.Embedded, result.FilledByEmbedding, result.Pending));
        Assert.Equal(
            ["M:Shared.Util.Clock.Tick", "P:Shared.Util.Clock.UtcNow@A", "P:Shared.Util.Clock.UtcNow@B"],
            await Db.RowsAsync(fixture.DataSource, "SELECT document_id FROM symbol_embeddings WHERE repository_id = $1 ORDER BY 1", repo));
        Assert.Equal(1, await Db.CountAsync(fixture.DataSource, "SELECT count(DISTINCT embedding::text) FROM symbol_embeddings WHERE repository_id = $1 AND document_id LIKE 'P:%'", repo));
    }

    [Fact]
    public async Task RunAsync_AfterADocumentScopedWrite_PreparesOnlyTheLoggedKeysAndEqualsAWholeRepositoryRun()
    {
        // src/A.cs: Clock.Now (assembly A) and Clock.Tick; src/B.cs: Timer.Start. The scoped write of A.cs changes Tick's doc, removes
        // nothing and adds Clock.Now in assembly B (its key is now shared, so A's Clock.Now changes document id too).
        var now = Symbols.Member("Scoped.Util", "Clock", "Now", SymbolKinds.Property, doc: "Scoped-test time.", assembly: "A", file: "src/A.cs");
        var tick = Symbols.Member("Scoped.Util", "Clock", "Tick", doc: "Scoped-test tick.", assembly: "A", file: "src/A.cs");
        var start = Symbols.Member("Scoped.Util", "Timer", "Start", doc: "Scoped-test start.", assembly: "A", file: "src/B.cs");
        var repo = await Symbols.NewRepositoryAsync(fixture.DataSource);
        await Symbols.IndexAsync(fixture.DataSource, repo, [now, tick, start]);
        Assert.False((await Pipeline().RunAsync(repo)).Scoped); // the whole-repository write logged the empty key

        var tick2 = tick with { Documentation = "Scoped-test tick, changed.", ContentHash = "h-changed" };
        var nowInB = now with { AssemblyName = "B", Project = "B", FilePath = "src/A.cs" };
        await Symbols.IndexDocumentAsync(fixture.DataSource, repo, "src/A.cs", [now, tick2, nowInB]);
        var scoped = await Pipeline().RunAsync(repo);

        Assert.True(scoped.Scoped);
        Assert.Equal((4, 1, 0, 2), (scoped.Symbols, scoped.Embedded, scoped.Pending, scoped.Unchanged));
        Assert.Equal(0, await Db.CountAsync(fixture.DataSource, "SELECT count(*) FROM embedding_changes WHERE repository_id = $1", repo));

        var fresh = await Symbols.NewRepositoryAsync(fixture.DataSource);
        await Symbols.IndexAsync(fixture.DataSource, fresh, [now, tick2, nowInB, start]);
        await Pipeline().RunAsync(fresh);
        const string Rows = """
            SELECT c.assembly_name || ' ' || c.symbol_key || ' ' || e.document_id || ' ' || e.text_hash || ' ' || e.embedded_text || ' ' || (e.embedding IS NOT NULL)
            FROM symbol_embeddings e JOIN code_symbols c ON c.id = e.symbol_id WHERE e.repository_id = $1 ORDER BY 1
            """;
        Assert.Equal(await Db.RowsAsync(fixture.DataSource, Rows, fresh), await Db.RowsAsync(fixture.DataSource, Rows, repo));

        // Nothing logged since: the next run prepares nothing and says every symbol is unchanged.
        var idle = await Pipeline().RunAsync(repo);
        Assert.Equal((true, 4, 4, 0), (idle.Scoped, idle.Symbols, idle.Unchanged, idle.Embedded));
    }

    [Fact]
    public async Task RunAsync_SymbolRemovedOrTurnedExternal_RowGone()
    {
        var repo = await IndexedRepositoryAsync(SampleCode.All(taxDoc: "Removal test tax."));
        await Pipeline().RunAsync(repo);

        await Symbols.IndexAsync(fixture.DataSource, repo, [SampleCode.ComputeTax("Removal test tax."), SampleCode.ParseJson(), SampleCode.SendEmail() with { IsExternal = true, FilePath = null, Line = null, Locations = [] }]);
        var result = await Pipeline().RunAsync(repo);

        Assert.Equal((2, 2, 1, 0), (result.Symbols, result.Unchanged, result.Removed, result.Embedded));
        Assert.Equal(["M:Shop.Billing.TaxCalculator.ComputeTax", "M:Shop.Json.JsonReader.ParseJson"],
            await Db.RowsAsync(fixture.DataSource, "SELECT document_id FROM symbol_embeddings WHERE repository_id = $1 ORDER BY 1", repo));
    }

    [Fact]
    public async Task RunAsync_EmptyNameAndHugeDoc_EmbeddedWithBoundedText()
    {
        var huge = string.Join(' ', Enumerable.Range(0, 40_000).Select(i => $"word{i}"));
        var repo = await IndexedRepositoryAsync(
        [
            Symbols.Member("Edge", "Cases", "", doc: null, signature: null),
            Symbols.Member("Edge", "Cases", "Huge", doc: huge, signature: "public void Huge(" + new string('x', 10_000) + ")"),
        ]);

        var result = await Pipeline().RunAsync(repo);

        Assert.Equal((2, 0), (result.Embedded, result.Pending));
        Assert.Equal(["method, in cases, namespace edge|True", "true|True"],
            (await Db.RowsAsync(fixture.DataSource, "SELECT CASE WHEN length(embedded_text) < 100 THEN embedded_text ELSE (length(embedded_text) <= 1200)::text END, vector_norm(embedding) > 0.99 FROM symbol_embeddings WHERE repository_id = $1 ORDER BY length(embedded_text)", repo)));
    }

    [Fact]
    public async Task RunAsync_UnknownRepository_RepositoryNotFound()
    {
        var e = await Assert.ThrowsAsync<CodeIndex.Core.Errors.UserInputException>(() => Pipeline().RunAsync(987_654));
        Assert.Equal("repository_not_found", e.Code);
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }
}
