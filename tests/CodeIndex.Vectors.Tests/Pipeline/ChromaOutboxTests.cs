using CodeIndex.Testing;
using CodeIndex.Vectors.Pipeline;
using CodeIndex.Vectors.Tests.Support;

namespace CodeIndex.Vectors.Tests.Pipeline;

/// <summary>With chroma_enabled, every new or changed vector queues an outbox upsert in the same transaction; removals queue deletes (trigger).</summary>
public sealed class ChromaOutboxTests(DatabaseFixture fixture, UseLiteFixture model) : IClassFixture<DatabaseFixture>, IClassFixture<UseLiteFixture>
{
    private EmbeddingPipeline Pipeline() => new(fixture.DataSource, model.Embedder);

    private async Task<long> RepositoryAsync(bool chroma, string taxDoc)
    {
        var repo = await Symbols.NewRepositoryAsync(fixture.DataSource);
        await Db.ExecuteAsync(fixture.DataSource, "UPDATE repositories SET chroma_enabled = $2 WHERE id = $1", repo, chroma);
        await Symbols.IndexAsync(fixture.DataSource, repo, SampleCode.All(taxDoc));
        return repo;
    }

    private Task<List<string>> OutboxAsync(long repo) => Db.RowsAsync(fixture.DataSource, """
        SELECT o.operation, o.document_id, o.model_id, coalesce(o.symbol_id = e.symbol_id, o.symbol_id IS NULL)
        FROM chroma_outbox o LEFT JOIN symbol_embeddings e ON e.document_id = o.document_id AND e.repository_id = o.repository_id
        WHERE o.repository_id = $1 ORDER BY o.id
        """, repo);

    [Fact]
    public async Task RunAsync_ChromaEnabled_UpsertPerNewVectorThenOnlyChangesThenDeleteOnRemoval()
    {
        var repo = await RepositoryAsync(chroma: true, "Outbox tax.");

        await Pipeline().RunAsync(repo);
        var first = await OutboxAsync(repo);
        Assert.Equal(
        [
            "upsert|M:Shop.Billing.TaxCalculator.ComputeTax|use-lite-v1|True",
            "upsert|M:Shop.Json.JsonReader.ParseJson|use-lite-v1|True",
            "upsert|M:Shop.Mail.Mailer.SendEmail|use-lite-v1|True",
            "upsert|T:Shop.Mail.Mailer|use-lite-v1|True",
        ], first.Order(StringComparer.Ordinal));

        await Symbols.IndexAsync(fixture.DataSource, repo, SampleCode.All("Outbox tax."));
        await Pipeline().RunAsync(repo);
        Assert.Equal(4, (await OutboxAsync(repo)).Count); // unchanged code: nothing queued

        await Symbols.IndexAsync(fixture.DataSource, repo, SampleCode.All("Outbox tax, revised."));
        await Pipeline().RunAsync(repo);
        Assert.Equal("upsert|M:Shop.Billing.TaxCalculator.ComputeTax|use-lite-v1|True", (await OutboxAsync(repo))[^1]);
        Assert.Equal(5, (await OutboxAsync(repo)).Count);

        await Symbols.IndexAsync(fixture.DataSource, repo, [SampleCode.ComputeTax("Outbox tax, revised."), SampleCode.ParseJson(), SampleCode.SendEmail()]);
        var rows = await OutboxAsync(repo);
        Assert.Equal(6, rows.Count);
        Assert.Equal("delete|T:Shop.Mail.Mailer|use-lite-v1|True", rows[^1]);
    }

    [Fact]
    public async Task RunAsync_ChromaEnabledFilledFromCache_StillQueuesUpserts()
    {
        var source = await RepositoryAsync(chroma: false, "Cache outbox tax.");
        await Pipeline().RunAsync(source);
        var mirrored = await RepositoryAsync(chroma: true, "Cache outbox tax.");

        var result = await Pipeline().RunAsync(mirrored);

        Assert.Equal((4, 0), (result.ReusedFromCache, result.Embedded));
        Assert.Equal(4, (await OutboxAsync(mirrored)).Count(r => r.StartsWith("upsert|", StringComparison.Ordinal)));
        Assert.Empty(await OutboxAsync(source));
    }

    [Fact]
    public async Task RunAsync_DocumentIdBecomesQualified_DeletesOldIdAndUpsertsNewWithoutReembedding()
    {
        var repo = await RepositoryAsync(chroma: true, "Doc id tax.");
        await Pipeline().RunAsync(repo);
        var twin = SampleCode.ParseJson() with { AssemblyName = "Other", Project = "Other" };

        await Symbols.IndexAsync(fixture.DataSource, repo, [.. SampleCode.All("Doc id tax."), twin]);
        var result = await Pipeline().RunAsync(repo);

        Assert.Equal((0, 1), (result.Embedded, result.ReusedFromCache)); // the twin's text is cached; the moved row keeps its vector
        var tail = (await OutboxAsync(repo)).Skip(4).ToList();
        Assert.Contains("delete|M:Shop.Json.JsonReader.ParseJson|use-lite-v1|True", tail);
        Assert.Contains("upsert|M:Shop.Json.JsonReader.ParseJson@Sample|use-lite-v1|True", tail);
        Assert.Contains("upsert|M:Shop.Json.JsonReader.ParseJson@Other|use-lite-v1|True", tail);
        Assert.Equal(3, tail.Count);
    }
}
