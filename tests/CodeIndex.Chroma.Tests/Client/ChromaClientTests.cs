using CodeIndex.Chroma.Client;
using CodeIndex.Chroma.Tests.Support;

namespace CodeIndex.Chroma.Tests.Client;

[Collection(ChromaServerCollection.Name)]
public sealed class ChromaClientTests(ChromaServerFixture server) : IDisposable
{
    private readonly ChromaClient _client = server.CreateClient();

    public void Dispose() => _client.Dispose();

    private static string NewName() => $"test-{Guid.NewGuid():N}";

    private static ChromaRecord Record(string id, float[] vector, string? text = null) =>
        new(id, vector, text ?? $"text of {id}", new ChromaDocumentMetadata("method", $"src/{id}.cs", 7, "Sample", "M:" + id));

    [Fact]
    public async Task HeartbeatAndVersion_RunningServer_AnswerWithVersion()
    {
        Assert.True(await _client.HeartbeatAsync() > 0);
        Assert.Matches(@"^\d+\.\d+\.\d+", await _client.GetVersionAsync());
        await _client.EnsureDatabaseAsync();
    }

    [Fact]
    public async Task EnsureDatabase_NewTenantAndDatabase_CreatesThemOnce()
    {
        using var client = ChromaClient.Create(new ChromaOptions(server.Url, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), "tenant_" + Guid.NewGuid().ToString("N")[..8], "db_x"));
        await client.EnsureDatabaseAsync();
        await client.EnsureDatabaseAsync();
        var collection = await client.GetOrCreateCollectionAsync(NewName());
        await client.UpsertAsync(collection, [Record("a", [1, 0, 0])]);
        Assert.Equal(1, await client.CountAsync(collection));
        Assert.Null(await _client.GetCollectionAsync(collection.Name));
    }

    [Fact]
    public async Task GetOrCreateCollection_Twice_ReturnsSameCollection()
    {
        var name = NewName();
        var first = await _client.GetOrCreateCollectionAsync(name);
        var second = await _client.GetOrCreateCollectionAsync(name);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(name, (await _client.GetCollectionAsync(name))!.Name);
    }

    [Fact]
    public async Task Query_ScaledVector_UsesCosineDistance()
    {
        var collection = await _client.GetOrCreateCollectionAsync(NewName());
        await _client.UpsertAsync(collection, [Record("x", [1, 0, 0]), Record("y", [0, 1, 0])]);
        var hits = await _client.QueryAsync(collection, [5, 0, 0], 2, ChromaInclude.None);
        Assert.Equal("x", hits[0].Id);
        Assert.InRange(hits[0].Distance!.Value, 0f, 1e-4f); // squared L2 would be 16
        Assert.InRange(hits[1].Distance!.Value, 0.99f, 1.01f);
    }

    [Fact]
    public async Task Query_ByEmbedding_ReturnsNearestFirstWithDocuments()
    {
        var collection = await _client.GetOrCreateCollectionAsync(NewName());
        var records = Enumerable.Range(0, 50).Select(i => Record($"d{i}", EmbeddingData.Vector(i))).ToList();
        await _client.UpsertAsync(collection, records);
        var probe = EmbeddingData.Vector(17);
        probe[0] += 0.01f;
        var hits = await _client.QueryAsync(collection, probe, 3, ChromaInclude.Documents | ChromaInclude.Metadatas);
        Assert.Equal(3, hits.Count);
        Assert.Equal("d17", hits[0].Id);
        Assert.Equal("text of d17", hits[0].Document);
        Assert.Equal("M:d17", hits[0].Metadata!.SymbolKey);
        Assert.True(hits[0].Distance <= hits[1].Distance && hits[1].Distance <= hits[2].Distance);
    }

    [Fact]
    public async Task UpsertGet_HostileText_RoundTripsDocumentsAndMetadata()
    {
        var collection = await _client.GetOrCreateCollectionAsync(NewName());
        const string hostile = "\"quoted\" 'single' \\back\\slash\n\ttab {\"json\": [1]} <tag> ünïcödé 日本語 𝄞 emoji 🚀 \u0001 end";
        var record = new ChromaRecord("M:Ns.T`1.M``2(System.String,System.Int32[])", EmbeddingData.Vector(1), hostile,
            new ChromaDocumentMetadata("method", "src/Dir With Space/Ä.cs", 42, "Proj \"x\"", "M:Ns.T`1.M``2(System.String,System.Int32[])"));
        await _client.UpsertAsync(collection, [record]);
        var stored = Assert.Single(await _client.GetAsync(collection, [record.Id, "missing"], ChromaInclude.Documents | ChromaInclude.Metadatas | ChromaInclude.Embeddings));
        Assert.Equal(record.Id, stored.Id);
        Assert.Equal(hostile, stored.Document);
        Assert.Equal(record.Metadata, stored.Metadata);
        Assert.Equal(record.Embedding.Length, stored.Embedding!.Length);
        Assert.Equal(record.Embedding[5], stored.Embedding[5], 5);
    }

    [Fact]
    public async Task Upsert_SameRecordsTwice_KeepsOneCopyWithLatestText()
    {
        var collection = await _client.GetOrCreateCollectionAsync(NewName());
        var records = Enumerable.Range(0, 20).Select(i => Record($"r{i}", EmbeddingData.Vector(i))).ToList();
        await _client.UpsertAsync(collection, records);
        await _client.UpsertAsync(collection, [.. records.Select(r => r with { Document = "v2 " + r.Document })]);
        Assert.Equal(20, await _client.CountAsync(collection));
        var stored = await _client.GetAsync(collection, ["r3"], ChromaInclude.Documents);
        Assert.Equal("v2 text of r3", Assert.Single(stored).Document);
    }

    [Fact]
    public async Task Upsert_MoreThanBatchSize_SplitsRequests()
    {
        using var client = server.CreateClient(maxBatchSize: 7);
        var collection = await client.GetOrCreateCollectionAsync(NewName());
        await client.UpsertAsync(collection, [.. Enumerable.Range(0, 23).Select(i => Record($"s{i}", EmbeddingData.Vector(i)))]);
        Assert.Equal(23, await client.CountAsync(collection));
        var ids = new List<string>();
        for (var offset = 0; ; offset += 10)
        {
            var page = await client.GetPageAsync(collection, 10, offset, ChromaInclude.None);
            ids.AddRange(page.Select(r => r.Id));
            if (page.Count < 10)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(0, 23).Select(i => $"s{i}").Order(), ids.Order());
    }

    [Fact]
    public async Task Delete_ExistingAndMissingIds_RemovesExistingOnly()
    {
        var collection = await _client.GetOrCreateCollectionAsync(NewName());
        await _client.UpsertAsync(collection, [Record("a", [1, 0, 0]), Record("b", [0, 1, 0]), Record("c", [0, 0, 1])]);
        await _client.DeleteAsync(collection, ["b", "nope"]);
        await _client.DeleteAsync(collection, ["b"]);
        Assert.Equal(2, await _client.CountAsync(collection));
        Assert.Equal(["a", "c"], (await _client.GetAsync(collection, ["a", "b", "c"], ChromaInclude.None)).Select(r => r.Id).Order());
    }

    [Fact]
    public async Task DeleteCollection_ExistingThenMissing_ReturnsTrueThenFalse()
    {
        var name = NewName();
        await _client.GetOrCreateCollectionAsync(name);
        Assert.True(await _client.DeleteCollectionAsync(name));
        Assert.False(await _client.DeleteCollectionAsync(name));
        Assert.Null(await _client.GetCollectionAsync(name));
    }

    [Fact]
    public async Task Upsert_WrongDimension_ThrowsChromaExceptionWithStatusAndMessage()
    {
        var collection = await _client.GetOrCreateCollectionAsync(NewName());
        await _client.UpsertAsync(collection, [Record("a", [1, 0, 0])]);
        var e = await Assert.ThrowsAsync<ChromaException>(() => _client.UpsertAsync(collection, [Record("b", [1, 0, 0, 0])]));
        Assert.Equal(400, e.StatusCode);
        Assert.Equal("InvalidArgumentError", e.ErrorType);
        Assert.Contains("dimension", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GetOrCreateCollection_InvalidName_ThrowsWithChromaMessage()
    {
        var e = await Assert.ThrowsAsync<ChromaException>(() => _client.GetOrCreateCollectionAsync("-x"));
        Assert.Equal(400, e.StatusCode);
        Assert.Contains("3-512 characters", e.Message, StringComparison.Ordinal);
    }
}
