using CodeIndex.Core.Errors;
using CodeIndex.Testing;
using CodeIndex.Vectors.Pipeline;
using CodeIndex.Vectors.Storage;
using CodeIndex.Vectors.Tests.Support;

namespace CodeIndex.Vectors.Tests.Storage;

/// <summary>Model registration, dimension checks with actionable messages, per-model HNSW index, reset.</summary>
public sealed class VectorStoreSchemaTests(DatabaseFixture fixture, UseLiteFixture model) : IClassFixture<DatabaseFixture>, IClassFixture<UseLiteFixture>
{
    private VectorStoreSchema Schema => new(fixture.DataSource);

    [Fact]
    public async Task EnsureModelAsync_NewModel_RegistersAndCreatesPartialHnswExpressionIndex()
    {
        await Schema.EnsureModelAsync("test-model.v1", 16);
        await Schema.EnsureModelAsync("test-model.v1", 16); // idempotent

        Assert.Equal(["16"], await Db.RowsAsync(fixture.DataSource, "SELECT dimension FROM embedding_models WHERE model_id = 'test-model.v1'"));
        var definition = Assert.Single(await Db.RowsAsync(fixture.DataSource, "SELECT indexdef FROM pg_indexes WHERE indexname = $1", ModelIdentifier.HnswIndexName("test-model.v1")));
        Assert.Contains("USING hnsw", definition, StringComparison.Ordinal);
        Assert.Contains("(embedding)::vector(16)) vector_cosine_ops", definition, StringComparison.Ordinal);
        Assert.Contains("WHERE (model_id = 'test-model.v1'::text)", definition, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureModelAsync_SameIdOtherDimension_MismatchNamingBothAndTheFix()
    {
        await Schema.EnsureModelAsync("dim-model", 8);

        var e = await Assert.ThrowsAsync<OperationFailedException>(() => Schema.EnsureModelAsync("dim-model", 12));

        Assert.Equal("embedding_dimension_mismatch", e.Code);
        Assert.Contains("dimension 8", e.Message, StringComparison.Ordinal);
        Assert.Contains("12-dimensional", e.Message, StringComparison.Ordinal);
        Assert.Contains("To fix this", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureModelAsync_RepositoryHoldsVectorsOfOtherDimension_MismatchUntilReset()
    {
        var repo = await Symbols.NewRepositoryAsync(fixture.DataSource);
        await Symbols.IndexAsync(fixture.DataSource, repo, [Symbols.Member("Dim", "Checker", "Run", doc: "Runs the dimension checker.")]);
        await new EmbeddingPipeline(fixture.DataSource, model.Embedder).RunAsync(repo);

        var e = await Assert.ThrowsAsync<OperationFailedException>(() => Schema.EnsureModelAsync("small-model", 384, repo));

        Assert.Equal("embedding_dimension_mismatch", e.Code);
        Assert.Contains("'use-lite-v1' (512 dimensions)", e.Message, StringComparison.Ordinal);
        Assert.Contains("'small-model'", e.Message, StringComparison.Ordinal);
        Assert.Contains("To fix this", e.Message, StringComparison.Ordinal);
        Assert.Contains("--reembed", e.Message, StringComparison.Ordinal);
        Assert.Contains($"ResetAsync({repo})", e.Message, StringComparison.Ordinal);

        Assert.Equal(1, await Schema.ResetAsync(repo));
        await Schema.EnsureModelAsync("small-model", 384, repo); // nothing left to conflict with
        Assert.Equal(0, await Db.CountAsync(fixture.DataSource, "SELECT count(*) FROM symbol_embeddings WHERE repository_id = $1", repo));
    }

    [Theory]
    [InlineData("Use-Lite")]
    [InlineData("model'; DROP TABLE code_symbols; --")]
    [InlineData("")]
    [InlineData("-leading-dash")]
    [InlineData("has space")]
    public async Task EnsureModelAsync_InvalidModelId_RefusedBeforeAnySql(string modelId)
    {
        var e = await Assert.ThrowsAsync<OperationFailedException>(() => Schema.EnsureModelAsync(modelId, 8));
        Assert.Equal("embedding_model_id_invalid", e.Code);
        Assert.Equal(1, await Db.CountAsync(fixture.DataSource, "SELECT count(*) FROM pg_tables WHERE tablename = 'code_symbols'"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(16_001)]
    public async Task EnsureModelAsync_DimensionOutOfRange_Refused(int dimension) =>
        Assert.Equal("embedding_model_invalid", (await Assert.ThrowsAsync<OperationFailedException>(() => Schema.EnsureModelAsync("ok-model", dimension))).Code);

    [Fact]
    public void HnswIndexName_IdsThatSanitiseAlike_GetDistinctValidNames()
    {
        var a = ModelIdentifier.HnswIndexName("a.b");
        var b = ModelIdentifier.HnswIndexName("a-b");
        var plain = ModelIdentifier.HnswIndexName("a_b");
        var longName = ModelIdentifier.HnswIndexName(new string('x', 100));

        Assert.Equal("ix_symbol_embeddings_hnsw_a_b", plain);
        Assert.NotEqual(a, b);
        Assert.NotEqual(a, plain);
        Assert.All(new[] { a, b, plain, longName }, n => Assert.True(n.Length <= 63 && n.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'), n));
    }

    [Fact]
    public async Task DropModelAsync_RegisteredModel_RemovesModelCacheAndIndex()
    {
        await Schema.EnsureModelAsync("drop-me", 4);
        Assert.True(await Schema.DropModelAsync("drop-me"));

        Assert.Equal(0, await Db.CountAsync(fixture.DataSource, "SELECT count(*) FROM embedding_models WHERE model_id = 'drop-me'"));
        Assert.Equal(0, await Db.CountAsync(fixture.DataSource, "SELECT count(*) FROM pg_indexes WHERE indexname = $1", ModelIdentifier.HnswIndexName("drop-me")));
        Assert.False(await Schema.DropModelAsync("drop-me"));
    }
}
