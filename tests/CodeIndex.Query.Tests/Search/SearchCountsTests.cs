using CodeIndex.Core.Model;
using CodeIndex.Storage.Repositories;
using CodeIndex.Storage.Writing;
using CodeIndex.Testing;

namespace CodeIndex.Query.Tests.Search;

/// <summary>The counters of migration 007 (search_symbol_counts, search_lexeme_counts, search_embedding_counts) stay equal to counting the
/// tables after every kind of write: index, re-index with changes, SQL inserts/updates/deletes, vectors filled and replaced, symbols that
/// stop being embeddable while they have a vector, repository removal and TRUNCATE; and the embedding status read from them equals the
/// status counted the old way.</summary>
public sealed class SearchCountsTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private const string Model = "count-test-v1";

    private const string CountedSymbols = """
        SELECT repository_id, count(*) FILTER (WHERE NOT is_external), count(*) FILTER (WHERE NOT is_external AND kind <> 'namespace')
        FROM code_symbols GROUP BY repository_id ORDER BY 1
        """;

    private const string StoredSymbols = """
        SELECT repository_id, source_symbols, embeddable_symbols FROM search_symbol_counts
        WHERE source_symbols <> 0 OR embeddable_symbols <> 0 ORDER BY 1
        """;

    private const string CountedLexemes = """
        SELECT s.repository_id, w.lexeme, count(*) FROM code_symbols s CROSS JOIN LATERAL unnest(tsvector_to_array(s.search_vector)) AS w(lexeme)
        WHERE NOT s.is_external GROUP BY 1, 2 ORDER BY 1, 2
        """;

    private const string StoredLexemes = "SELECT repository_id, lexeme, documents FROM search_lexeme_counts ORDER BY 1, 2";

    private const string CountedVectors = """
        SELECT e.repository_id, e.model_id, count(*), count(*) FILTER (WHERE c.is_external OR c.kind = 'namespace')
        FROM symbol_embeddings e JOIN code_symbols c ON c.id = e.symbol_id WHERE e.embedding IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
        """;

    private const string StoredVectors = """
        SELECT repository_id, model_id, vectors, orphan_vectors FROM search_embedding_counts WHERE vectors <> 0 OR orphan_vectors <> 0 ORDER BY 1, 2
        """;

    /// <summary>The embedding status as EmbeddingStatus counted it before the counters existed.</summary>
    private const string CountedStatus = """
        SELECT count(*) FILTER (WHERE e.embedding IS NULL OR e.model_id IS DISTINCT FROM @model)::int,
               count(*) FILTER (WHERE e.embedding IS NOT NULL AND e.model_id = @model)::int
        FROM code_symbols c LEFT JOIN symbol_embeddings e ON e.symbol_id = c.id
        WHERE (@repo IS NULL OR c.repository_id = @repo) AND NOT c.is_external AND c.kind <> 'namespace'
        """;

    [Fact]
    public async Task Writer_IndexReindexAndRemove_CountersMatchTheTables()
    {
        var repo = await NewRepositoryAsync();
        List<SymbolRecord> first =
        [
            Symbol("N:Shop", SymbolKinds.Namespace),
            Symbol("T:Shop.OrderService", SymbolKinds.Class, doc: "Places and cancels customer orders."),
            Symbol("M:Shop.OrderService.PlaceOrder", SymbolKinds.Method, doc: "Places an order for a customer."),
            Symbol("M:Shop.OrderService.CancelOrder", SymbolKinds.Method, doc: "Cancels an order that was placed."),
            Symbol("T:System.String", SymbolKinds.Class, external: true),
            Symbol("M:Shop.OrderService.Refund", SymbolKinds.Method, doc: "Gives the money back.", body: "refund_payment Audit Log"),
        ];
        await IndexAsync(repo, first);
        await AssertCountsExactAsync();

        // Re-index: one doc changed (lexemes move), one body changed, one symbol removed, one added, one moved down a line (counted columns unchanged).
        List<SymbolRecord> second =
        [
            first[0],
            first[1] with { Line = 40, ContentHash = "h2" },
            first[2] with { Documentation = "Submits a basket for payment.", ContentHash = "h2" },
            Symbol("P:Shop.OrderService.Count", SymbolKinds.Property, doc: "How many orders are open."),
            first[5] with { BodyWords = "Audit Warehouse", ContentHash = "h2" }, // body words gained and lost
            first[4],
        ];
        await IndexAsync(repo, second);
        await AssertCountsExactAsync();

        var other = await NewRepositoryAsync();
        await IndexAsync(other, first);
        await AssertCountsExactAsync();

        Assert.True(await new RepositoryStore(fixture.DataSource).RemoveAsync(repo));
        await AssertCountsExactAsync();
        Assert.Equal(0, await Db.CountAsync(fixture.DataSource, "SELECT count(*) FROM search_lexeme_counts WHERE repository_id = $1", repo));
    }

    [Fact]
    public async Task Sql_UpdatesFlipsDeletesAndVectors_CountersAndStatusMatch()
    {
        var repo = await NewRepositoryAsync();
        await IndexAsync(repo,
        [
            Symbol("N:Shop", SymbolKinds.Namespace),
            Symbol("T:Shop.Cart", SymbolKinds.Class, doc: "Holds the items a customer picked."),
            Symbol("M:Shop.Cart.Add", SymbolKinds.Method, doc: "Adds an item."),
            Symbol("M:Shop.Cart.Clear", SymbolKinds.Method, doc: "Removes every item."),
            Symbol("M:Shop.Cart.Total", SymbolKinds.Method, doc: "Sums the prices."),
        ]);
        var ids = await IdsAsync(repo);
        await Db.ExecuteAsync(fixture.DataSource, "INSERT INTO embedding_models (model_id, dimension) VALUES ($1, 3) ON CONFLICT DO NOTHING", Model);
        await Db.ExecuteAsync(fixture.DataSource, "INSERT INTO embedding_models (model_id, dimension) VALUES ('other-model', 3) ON CONFLICT DO NOTHING");

        // Rows prepared (pending), then filled one statement at a time, as the pipeline does.
        await Db.ExecuteAsync(fixture.DataSource, """
            INSERT INTO symbol_embeddings (symbol_id, repository_id, model_id, document_id, text_hash, embedded_text)
            SELECT id, repository_id, $1, symbol_key, md5(symbol_key), name FROM code_symbols WHERE repository_id = $2 AND kind <> 'namespace'
            """, Model, repo);
        await AssertCountsExactAsync(repo);
        await Db.ExecuteAsync(fixture.DataSource, "UPDATE symbol_embeddings SET embedding = '[1,0,0]', dimension = 3 WHERE symbol_id = ANY ($1)", new[] { ids["T:Shop.Cart"], ids["M:Shop.Cart.Add"] });
        await AssertCountsExactAsync(repo);
        await Db.ExecuteAsync(fixture.DataSource, "UPDATE symbol_embeddings SET embedding = '[0,1,0]', dimension = 3 WHERE repository_id = $1", repo);
        await AssertCountsExactAsync(repo);

        // A vector of another model is pending for this one; a doc edit moves lexemes.
        await Db.ExecuteAsync(fixture.DataSource, "UPDATE symbol_embeddings SET model_id = 'other-model' WHERE symbol_id = $1", ids["M:Shop.Cart.Total"]);
        await Db.ExecuteAsync(fixture.DataSource, "UPDATE code_symbols SET documentation = 'Empties the basket.' WHERE id = $1", ids["M:Shop.Cart.Clear"]);
        await AssertCountsExactAsync(repo);

        // Symbols that stop being embeddable while they have a vector (orphans), and come back.
        await Db.ExecuteAsync(fixture.DataSource, "UPDATE code_symbols SET is_external = true WHERE id = $1", ids["M:Shop.Cart.Add"]);
        await AssertCountsExactAsync(repo);
        await Db.ExecuteAsync(fixture.DataSource, "UPDATE symbol_embeddings SET embedding = '[0,0,1]' WHERE repository_id = $1", repo);
        await AssertCountsExactAsync(repo);
        await Db.ExecuteAsync(fixture.DataSource, "UPDATE code_symbols SET kind = 'namespace' WHERE id = $1", ids["T:Shop.Cart"]);
        await AssertCountsExactAsync(repo);
        await Db.ExecuteAsync(fixture.DataSource, "UPDATE code_symbols SET is_external = false WHERE id = $1", ids["M:Shop.Cart.Add"]);
        await AssertCountsExactAsync(repo);

        // An orphan's symbol deleted (its vector goes by cascade), a vector reset to pending, a row deleted.
        await Db.ExecuteAsync(fixture.DataSource, "DELETE FROM code_symbols WHERE id = $1", ids["T:Shop.Cart"]);
        await AssertCountsExactAsync(repo);
        await Db.ExecuteAsync(fixture.DataSource, "UPDATE symbol_embeddings SET embedding = NULL, dimension = NULL WHERE symbol_id = $1", ids["M:Shop.Cart.Add"]);
        await Db.ExecuteAsync(fixture.DataSource, "DELETE FROM symbol_embeddings WHERE symbol_id = $1", ids["M:Shop.Cart.Clear"]);
        await AssertCountsExactAsync(repo);

        await Db.ExecuteAsync(fixture.DataSource, "DELETE FROM embedding_models WHERE model_id = 'other-model'");
        await AssertCountsExactAsync(repo);
    }

    [Fact]
    public async Task Truncate_EmptiesTheCounters()
    {
        await using var isolated = CodeIndex.Storage.Connection.DatabaseConnector.Create(await fixture.CreateDatabaseAsync("counts"));
        var repo = (await new RepositoryStore(isolated).GetOrCreateAsync("/tmp/repos/truncated")).Id;
        await using (var session = await new SymbolWriter(isolated).BeginAsync(repo, new IndexWriteOptions()))
        {
            await session.WriteAsync(new ExtractionBatch("src/A.cs", [Symbol("T:Shop.Cart", SymbolKinds.Class, doc: "Holds items.")], []));
            await session.CommitAsync(null);
        }

        Assert.Equal(1, await Db.CountAsync(isolated, "SELECT count(*) FROM search_symbol_counts"));
        await Db.ExecuteAsync(isolated, "TRUNCATE code_symbols CASCADE");

        Assert.Equal(0, await Db.CountAsync(isolated, "SELECT count(*) FROM search_symbol_counts"));
        Assert.Equal(0, await Db.CountAsync(isolated, "SELECT count(*) FROM search_lexeme_counts"));
        Assert.Equal(0, await Db.CountAsync(isolated, "SELECT count(*) FROM search_embedding_counts"));
    }

    private async Task AssertCountsExactAsync(long? statusRepository = null)
    {
        Assert.Equal(await Db.RowsAsync(fixture.DataSource, CountedSymbols), await Db.RowsAsync(fixture.DataSource, StoredSymbols));
        Assert.Equal(await Db.RowsAsync(fixture.DataSource, CountedLexemes), await Db.RowsAsync(fixture.DataSource, StoredLexemes));
        Assert.Equal(await Db.RowsAsync(fixture.DataSource, CountedVectors), await Db.RowsAsync(fixture.DataSource, StoredVectors));
        foreach (var scope in new[] { statusRepository, null })
        {
            foreach (var model in new[] { Model, "other-model", null })
            {
                var status = await new EmbeddingStatus(fixture.DataSource).CountAsync(scope, model, CancellationToken.None);
                await using var command = fixture.DataSource.CreateCommand(CountedStatus);
                command.Parameters.Add(new Npgsql.NpgsqlParameter("repo", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = (object?)scope ?? DBNull.Value });
                command.Parameters.Add(new Npgsql.NpgsqlParameter("model", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)model ?? DBNull.Value });
                await using var reader = await command.ExecuteReaderAsync();
                await reader.ReadAsync();
                Assert.Equal((reader.GetInt32(0), reader.GetInt32(1)), status);
            }
        }
    }

    private async Task<long> NewRepositoryAsync() =>
        (await new RepositoryStore(fixture.DataSource).GetOrCreateAsync(Path.Combine("/tmp/repos", Guid.NewGuid().ToString("N")))).Id;

    private async Task IndexAsync(long repo, IReadOnlyList<SymbolRecord> symbols)
    {
        await using var session = await new SymbolWriter(fixture.DataSource).BeginAsync(repo, new IndexWriteOptions(FlushRows: 2));
        await session.WriteAsync(new ExtractionBatch("src/Shop.cs", symbols, []));
        await session.CommitAsync(null);
    }

    private async Task<Dictionary<string, long>> IdsAsync(long repo) =>
        (await Db.RowsAsync(fixture.DataSource, "SELECT symbol_key, id FROM code_symbols WHERE repository_id = $1", repo))
        .Select(r => r.Split('|')).ToDictionary(p => p[0], p => long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);

    private static SymbolRecord Symbol(string key, string kind, string? doc = null, bool external = false, string? body = null)
    {
        var qualified = key[2..];
        var name = qualified[(qualified.LastIndexOf('.') + 1)..];
        return new SymbolRecord(key, name, qualified, kind, "Shop", external ? null : "src/Shop.cs", external ? null : 1, external ? null : 1,
            external ? null : 2, external ? null : 1, null, doc, "public", SymbolModifiers.None, "C#", external, external ? "System.Runtime" : "Shop",
            external ? "10.0.0.0" : null, "h1", external ? [] : [new SourceSpan("src/Shop.cs", 1, 1, 2, 1)], body);
    }
}
