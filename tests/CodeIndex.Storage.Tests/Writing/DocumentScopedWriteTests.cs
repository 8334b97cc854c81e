using CodeIndex.Core.Model;
using CodeIndex.Storage.Repositories;
using CodeIndex.Storage.Tests.Support;
using CodeIndex.Storage.Writing;
using CodeIndex.Testing;
using static CodeIndex.Storage.Tests.Support.Records;

namespace CodeIndex.Storage.Tests.Writing;

/// <summary>
/// Document-scoped replace (<see cref="IndexWriteOptions.Documents"/>): after replacing one document's rows, the repository holds
/// exactly what a fresh whole-repository index of the new state holds (ids aside), the other documents' rows are not rewritten, and
/// ids of unchanged symbols are kept.
/// </summary>
public sealed class DocumentScopedWriteTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    // a.cs declares the partial type T (also declared in b.cs), T.F and T.x; b.cs declares T.G, which calls F and reads x.
    private static readonly SymbolRecord T = Symbol("T:Ns.T", file: "a.cs", locations: [new SourceSpan("a.cs", 1, 1, 9, 2), new SourceSpan("b.cs", 1, 1, 5, 2)]);
    private static readonly SymbolRecord F = Symbol("M:Ns.T.F", file: "a.cs", line: 3);
    private static readonly SymbolRecord X = Symbol("F:Ns.T.x", file: "a.cs", line: 6);
    private static readonly SymbolRecord G = Symbol("M:Ns.T.G", file: "b.cs", line: 3);
    private static readonly SymbolRecord Max = Symbol("M:System.Math.Max", external: true);
    private static readonly SymbolRecord WriteLine = Symbol("M:System.Console.WriteLine", external: true);

    private static ExtractionBatch A1 => Batch([T, F, X, Max],
    [
        Edge(T, F, RelationshipTypes.Contains, "a.cs", 3, 17), Edge(T, X, RelationshipTypes.Contains, "a.cs", 6, 9),
        Edge(F, Max, RelationshipTypes.Calls, "a.cs", 4, 20) with { Access = SiteAccess.Invoke },
    ], "a.cs");

    private static ExtractionBatch B => Batch([G, F, X],
    [
        Edge(T, G, RelationshipTypes.Contains, "b.cs", 3, 17),
        Edge(G, F, RelationshipTypes.Calls, "b.cs", 4, 9) with { Access = SiteAccess.Invoke },
        Edge(G, X, RelationshipTypes.Uses, "b.cs", 4, 20) with { Access = SiteAccess.Read },
    ], "b.cs");

    private const string Rows = """
        SELECT 'S ' || c.symbol_key || ' ' || c.kind || ' ' || coalesce(c.file_path, '-') || ' ' || coalesce(c.line_number::text, '-') || ' ' || c.content_hash || ' ' || c.is_external FROM code_symbols c WHERE c.repository_id = $1
        UNION ALL
        SELECT 'L ' || c.symbol_key || ' ' || l.file_path || ':' || l.line_number || ':' || l.column_number || '-' || l.end_line || ':' || l.end_column FROM symbol_locations l JOIN code_symbols c ON c.id = l.symbol_id WHERE c.repository_id = $1
        UNION ALL
        SELECT 'R ' || s.symbol_key || ' ' || r.relationship_type || ' ' || t.symbol_key || ' ' || r.site_count FROM symbol_relationships r JOIN code_symbols s ON s.id = r.source_id JOIN code_symbols t ON t.id = r.target_id WHERE r.repository_id = $1
        UNION ALL
        SELECT 'X ' || s.symbol_key || ' ' || r.relationship_type || ' ' || t.symbol_key || ' ' || x.file_path || ':' || x.line_number || ':' || x.column_number || ' ' || coalesce(x.access, '-') || ' ' || x.is_implicit || ' ' || x.is_candidate
        FROM relationship_sites x JOIN symbol_relationships r ON r.id = x.relationship_id JOIN code_symbols s ON s.id = r.source_id JOIN code_symbols t ON t.id = r.target_id WHERE r.repository_id = $1
        ORDER BY 1
        """;

    [Fact]
    public async Task CommitAsync_BodyEdit_EqualsAFreshIndexAndKeepsIdsAndOtherDocumentsUntouched()
    {
        // a.cs v2: F calls Console.WriteLine instead of Math.Max (a body edit); b.cs unchanged.
        var f2 = F with { ContentHash = "h2" };
        var a2 = Batch([T, f2, X, WriteLine],
        [
            Edge(T, f2, RelationshipTypes.Contains, "a.cs", 3, 17), Edge(T, X, RelationshipTypes.Contains, "a.cs", 6, 9),
            Edge(f2, WriteLine, RelationshipTypes.Calls, "a.cs", 4, 9) with { Access = SiteAccess.Invoke },
        ], "a.cs");
        var scoped = await NewRepositoryAsync();
        await IndexAsync(scoped, null, A1, B);
        var ids = await Db.RowsAsync(fixture.DataSource, "SELECT symbol_key, id FROM code_symbols WHERE repository_id = $1 AND NOT is_external ORDER BY 1", scoped);
        var others = await Db.RowsAsync(fixture.DataSource, "SELECT x.xmin::text FROM relationship_sites x JOIN symbol_relationships r ON r.id = x.relationship_id WHERE r.repository_id = $1 AND x.file_path = 'b.cs' ORDER BY x.line_number, x.column_number", scoped);

        // b.cs's extraction is not part of the batch: the scope is a.cs alone.
        Assert.Equal([""], await Db.RowsAsync(fixture.DataSource, "SELECT symbol_key FROM embedding_changes WHERE repository_id = $1", scoped)); // the whole-repository write
        await Db.ExecuteAsync(fixture.DataSource, "DELETE FROM embedding_changes WHERE repository_id = $1", scoped);
        await IndexAsync(scoped, ["a.cs"], a2);

        // The embedding step is told about F (changed) and the externals added and swept, not about T, x or b.cs's G.
        Assert.Equal(["M:Ns.T.F", "M:System.Console.WriteLine", "M:System.Math.Max"],
            await Db.RowsAsync(fixture.DataSource, "SELECT DISTINCT symbol_key FROM embedding_changes WHERE repository_id = $1 ORDER BY 1", scoped));

        var fresh = await NewRepositoryAsync();
        await IndexAsync(fresh, null, a2, B);
        Assert.Equal(await Db.RowsAsync(fixture.DataSource, Rows, fresh), await Db.RowsAsync(fixture.DataSource, Rows, scoped));
        Assert.Equal(ids, await Db.RowsAsync(fixture.DataSource, "SELECT symbol_key, id FROM code_symbols WHERE repository_id = $1 AND NOT is_external ORDER BY 1", scoped));
        Assert.Equal(others, await Db.RowsAsync(fixture.DataSource, "SELECT x.xmin::text FROM relationship_sites x JOIN symbol_relationships r ON r.id = x.relationship_id WHERE r.repository_id = $1 AND x.file_path = 'b.cs' ORDER BY x.line_number, x.column_number", scoped));
        Assert.DoesNotContain("S M:System.Math.Max", string.Join('\n', await Db.RowsAsync(fixture.DataSource, Rows, scoped)), StringComparison.Ordinal); // orphaned external swept
    }

    [Fact]
    public async Task CommitAsync_MemberDeleted_OtherDocumentsEdgesIntoItGoAndThePartialTypeKeepsItsOtherDeclaration()
    {
        // a.cs v2 no longer declares x (b.cs's read of x goes with it) and is otherwise unchanged.
        var a2 = Batch([T, F, Max],
        [
            Edge(T, F, RelationshipTypes.Contains, "a.cs", 3, 17),
            Edge(F, Max, RelationshipTypes.Calls, "a.cs", 4, 20) with { Access = SiteAccess.Invoke },
        ], "a.cs");
        var bWithoutX = Batch([G, F], [Edge(T, G, RelationshipTypes.Contains, "b.cs", 3, 17), Edge(G, F, RelationshipTypes.Calls, "b.cs", 4, 9) with { Access = SiteAccess.Invoke }], "b.cs");
        var scoped = await NewRepositoryAsync();
        await IndexAsync(scoped, null, A1, B);

        await Db.ExecuteAsync(fixture.DataSource, "DELETE FROM embedding_changes WHERE repository_id = $1", scoped);
        var result = await IndexAsync(scoped, ["a.cs"], a2);

        Assert.Equal(["F:Ns.T.x"], await Db.RowsAsync(fixture.DataSource, "SELECT DISTINCT symbol_key FROM embedding_changes WHERE repository_id = $1 ORDER BY 1", scoped));
        var fresh = await NewRepositoryAsync();
        await IndexAsync(fresh, null, a2, bWithoutX);
        Assert.Equal(await Db.RowsAsync(fixture.DataSource, Rows, fresh), await Db.RowsAsync(fixture.DataSource, Rows, scoped));
        Assert.Equal(1, result.SymbolsDeleted);
        Assert.Equal(["L T:Ns.T a.cs:1:1-9:2", "L T:Ns.T b.cs:1:1-5:2"], (await Db.RowsAsync(fixture.DataSource, Rows, scoped)).Where(r => r.StartsWith("L T:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CommitAsync_DocumentDeleted_ItsSymbolsGoAndAnEmptyBatchIsEnough()
    {
        var scoped = await NewRepositoryAsync();
        await IndexAsync(scoped, null, A1, B);

        // b.cs deleted: nothing to extract; G and its edges go, T keeps its a.cs declaration.
        await IndexAsync(scoped, ["b.cs"]);

        var tOnlyInA = T with { Locations = [new SourceSpan("a.cs", 1, 1, 9, 2)] };
        var fresh = await NewRepositoryAsync();
        await IndexAsync(fresh, null, Batch([tOnlyInA, F, X, Max], A1.Relationships, "a.cs"));
        Assert.Equal(await Db.RowsAsync(fixture.DataSource, Rows, fresh), await Db.RowsAsync(fixture.DataSource, Rows, scoped));
    }

    [Fact]
    public async Task CommitAsync_ExternalProject_IsTheFirstReferencingProjectByNameWhateverTheOrder()
    {
        // Zeta's code is extracted first and its record of String says "Zeta"; Alpha references String too.
        var zeta = Symbol("M:Z.Run", file: "z.cs", project: "Zeta");
        var alpha = Symbol("M:A.Run", file: "a.cs", project: "Alpha");
        var text = Symbol("T:System.String", external: true, project: "Zeta");
        var zBatch = Batch([zeta, text], [Edge(zeta, text, RelationshipTypes.References, "z.cs", 1, 1) with { Access = SiteAccess.Reference }], "z.cs");
        var aBatch = Batch([alpha], [Edge(alpha, text, RelationshipTypes.References, "a.cs", 1, 1) with { Access = SiteAccess.Reference }], "a.cs");
        const string Project = "SELECT project FROM code_symbols WHERE repository_id = $1 AND symbol_key = 'T:System.String'";

        var repo = await NewRepositoryAsync();
        await IndexAsync(repo, null, zBatch, aBatch);
        Assert.Equal(["Alpha"], await Db.RowsAsync(fixture.DataSource, Project, repo));

        // a.cs no longer references String: the scoped replace recomputes it from the edges left.
        await IndexAsync(repo, ["a.cs"], Batch([alpha], [], "a.cs"));
        Assert.Equal(["Zeta"], await Db.RowsAsync(fixture.DataSource, Project, repo));

        // And back (String is not in the batch: the edge resolves to the stored row): "Alpha" wins by name again, as a fresh index would have it.
        await IndexAsync(repo, ["a.cs"], aBatch);
        Assert.Equal(["Alpha"], await Db.RowsAsync(fixture.DataSource, Project, repo));
    }

    [Fact]
    public async Task CommitAsync_ExternalRecord_ComesFromTheFirstReferencingProjectWhateverTheOrder()
    {
        // Both projects emit String from their own compilation: Zeta's reference assembly says 6.0, Alpha's 10.0.
        var zeta = Symbol("M:Z.Run", file: "z.cs", project: "Zeta");
        var alpha = Symbol("M:A.Run", file: "a.cs", project: "Alpha");
        var inZeta = Symbol("T:System.String", external: true, project: "Zeta", doc: "Zeta's docs") with { AssemblyVersion = "6.0.0.0" };
        var inAlpha = inZeta with { Project = "Alpha", Documentation = "Alpha's docs", AssemblyVersion = "10.0.0.0" };
        var zBatch = Batch([zeta, inZeta], [Edge(zeta, inZeta, RelationshipTypes.References, "z.cs", 1, 1) with { Access = SiteAccess.Reference }], "z.cs");
        var aBatch = Batch([alpha, inAlpha], [Edge(alpha, inAlpha, RelationshipTypes.References, "a.cs", 1, 1) with { Access = SiteAccess.Reference }], "a.cs");
        const string Record = "SELECT project || ' ' || assembly_version || ' ' || documentation FROM code_symbols WHERE repository_id = $1 AND symbol_key = 'T:System.String'";

        var zetaFirst = await NewRepositoryAsync();
        await IndexAsync(zetaFirst, null, zBatch, aBatch);
        var alphaFirst = await NewRepositoryAsync();
        await IndexAsync(alphaFirst, null, aBatch, zBatch);

        Assert.Equal(["Alpha 10.0.0.0 Alpha's docs"], await Db.RowsAsync(fixture.DataSource, Record, zetaFirst));
        Assert.Equal(["Alpha 10.0.0.0 Alpha's docs"], await Db.RowsAsync(fixture.DataSource, Record, alphaFirst));
    }

    [Fact]
    public async Task WriteAsync_EdgeSiteOutsideTheScope_IsRefused()
    {
        var repo = await NewRepositoryAsync();
        await using var session = await new SymbolWriter(fixture.DataSource).BeginAsync(repo, new IndexWriteOptions(Documents: ["a.cs"]));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => session.WriteAsync(B));
        Assert.Contains("outside its documents", error.Message, StringComparison.Ordinal);
    }

    private async Task<long> NewRepositoryAsync() =>
        (await new RepositoryStore(fixture.DataSource).GetOrCreateAsync(Path.Combine("/tmp/repos", Guid.NewGuid().ToString("N")))).Id;

    private async Task<CommitResult> IndexAsync(long repo, IReadOnlyCollection<string>? documents, params ExtractionBatch[] batches)
    {
        await using var session = await new SymbolWriter(fixture.DataSource).BeginAsync(repo, new IndexWriteOptions(FlushRows: 2, Documents: documents));
        foreach (var b in batches)
        {
            await session.WriteAsync(b);
        }

        return await session.CommitAsync();
    }
}
