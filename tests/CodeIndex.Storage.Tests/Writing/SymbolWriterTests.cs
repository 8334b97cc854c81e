using CodeIndex.Core.Errors;
using CodeIndex.Core.Model;
using CodeIndex.Storage.Repositories;
using CodeIndex.Storage.Tests.Support;
using CodeIndex.Storage.Writing;
using CodeIndex.Testing;
using static CodeIndex.Storage.Tests.Support.Records;

namespace CodeIndex.Storage.Tests.Writing;

/// <summary>COPY round trip, re-index idempotency, rollback and dedupe of the symbol writer.</summary>
public sealed class SymbolWriterTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private const string SymbolColumns = "symbol_key, project, name, qualified_name, kind, file_path, line_number, column_number, end_line, end_column, signature, documentation, visibility, is_static, is_abstract, is_virtual, is_override, is_sealed, is_async, is_readonly, is_const, is_partial, is_extern, is_generic, language, is_external, assembly_name, assembly_version, content_hash, body_words";

    private async Task<long> NewRepositoryAsync() =>
        (await new RepositoryStore(fixture.DataSource).GetOrCreateAsync(Path.Combine("/tmp/repos", Guid.NewGuid().ToString("N")))).Id;

    private async Task<CommitResult> IndexAsync(long repo, params ExtractionBatch[] batches)
    {
        await using var session = await new SymbolWriter(fixture.DataSource).BeginAsync(repo, new IndexWriteOptions(FlushRows: 3));
        foreach (var b in batches)
        {
            await session.WriteAsync(b);
        }

        return await session.CommitAsync("""{"projects": 1}""");
    }

    [Fact]
    public async Task CommitAsync_AllColumns_RoundTripIncludingNullsModifiersLocationsAndSites()
    {
        var repo = await NewRepositoryAsync();
        var all = SymbolModifiers.Static | SymbolModifiers.Abstract | SymbolModifiers.Virtual | SymbolModifiers.Override | SymbolModifiers.Sealed
            | SymbolModifiers.Async | SymbolModifiers.ReadOnly | SymbolModifiers.Const | SymbolModifiers.Partial | SymbolModifiers.Extern | SymbolModifiers.Generic;
        var a = Symbol("T:Ns.A", modifiers: all, doc: "<summary>A</summary>", signature: "class A",
            locations: [new SourceSpan("src/A.cs", 1, 5, 3, 6), new SourceSpan("src/A.Part.cs", 7, 1, 9, 2)]);
        var b = Symbol("M:Ns.A.Run", modifiers: SymbolModifiers.Async | SymbolModifiers.Static) with { BodyWords = "Task Delay listen_addresses" };
        var ext = Symbol("T:System.String", external: true);
        var result = await IndexAsync(repo, Batch([a, b]), Batch([ext], [Edge(b, ext, RelationshipTypes.References, line: 4, column: 9), Edge(b, ext, RelationshipTypes.References, line: 5, column: 9), Edge(a, b, RelationshipTypes.Contains, file: null)]));

        Assert.Equal(3, result.SymbolsWritten);
        Assert.Equal(3, result.SymbolsInserted);
        Assert.Equal(2, result.Relationships);
        Assert.Equal(2, result.RelationshipSites);
        Assert.Equal(0, result.DroppedEdges);
        var rows = await Db.RowsAsync(fixture.DataSource, $"SELECT {SymbolColumns} FROM code_symbols WHERE repository_id = $1 ORDER BY symbol_key", repo);
        Assert.Equal(
        [
            "M:Ns.A.Run|Sample|Run|Ns.A.Run|method|src/A.cs|1|5|3|6|∅|∅|public|True|False|False|False|False|True|False|False|False|False|False|C#|False|Sample|∅|h1|Task Delay listen_addresses",
            "T:Ns.A|Sample|A|Ns.A|method|src/A.cs|1|5|3|6|class A|<summary>A</summary>|public|True|True|True|True|True|True|True|True|True|True|True|C#|False|Sample|∅|h1|∅",
            "T:System.String|Sample|String|System.String|method|∅|∅|∅|∅|∅|∅|∅|public|False|False|False|False|False|False|False|False|False|False|False|C#|True|System.Runtime|10.0.0.0|h1|∅",
        ], rows);
        Assert.Equal(
            ["T:Ns.A|src/A.cs|1|5|3|6", "T:Ns.A|src/A.Part.cs|7|1|9|2", "M:Ns.A.Run|src/A.cs|1|5|3|6"],
            (await Db.RowsAsync(fixture.DataSource, "SELECT c.symbol_key, l.file_path, l.line_number, l.column_number, l.end_line, l.end_column FROM symbol_locations l JOIN code_symbols c ON c.id = l.symbol_id WHERE c.repository_id = $1 ORDER BY c.symbol_key DESC, l.file_path DESC", repo)));
        Assert.Equal(
            ["M:Ns.A.Run|T:System.String|references|2", "T:Ns.A|M:Ns.A.Run|contains|0"],
            await Db.RowsAsync(fixture.DataSource, "SELECT s.symbol_key, t.symbol_key, r.relationship_type, r.site_count FROM symbol_relationships r JOIN code_symbols s ON s.id = r.source_id JOIN code_symbols t ON t.id = r.target_id WHERE r.repository_id = $1 ORDER BY 1", repo));
        Assert.Equal(
            ["src/A.cs|4|9", "src/A.cs|5|9"],
            await Db.RowsAsync(fixture.DataSource, "SELECT x.file_path, x.line_number, x.column_number FROM relationship_sites x JOIN symbol_relationships r ON r.id = x.relationship_id WHERE r.repository_id = $1 ORDER BY 2", repo));
        var stats = await Db.RowsAsync(fixture.DataSource, "SELECT last_index_stats->>'projects', last_index_stats->>'symbols', indexed_at IS NOT NULL FROM repositories WHERE id = $1", repo);
        Assert.Equal(["1|3|True"], stats);
    }

    [Fact]
    public async Task CommitAsync_SiteAccessAndFlags_RoundTripSelfEdgesKeptAndChangedAccessRewrittenInPlace()
    {
        var repo = await NewRepositoryAsync();
        var run = Symbol("M:Ns.A.Run");
        var field = Symbol("F:Ns.A._count");
        var dispose = Symbol("M:System.IDisposable.Dispose", external: true);
        const string Sites = """
            SELECT s.symbol_key, t.symbol_key, r.relationship_type, x.line_number, x.column_number, x.access, x.is_implicit, x.is_candidate
            FROM relationship_sites x JOIN symbol_relationships r ON r.id = x.relationship_id
            JOIN code_symbols s ON s.id = r.source_id JOIN code_symbols t ON t.id = r.target_id
            WHERE r.repository_id = $1 ORDER BY 4, 5
            """;
        RelationshipRecord[] edges =
        [
            Edge(run, field, RelationshipTypes.Uses, line: 3, column: 9) with { Access = SiteAccess.ReadWrite },
            Edge(run, field, RelationshipTypes.Uses, line: 4, column: 9) with { Access = SiteAccess.Write },
            Edge(run, dispose, RelationshipTypes.Calls, line: 5, column: 9) with { Access = SiteAccess.Invoke, IsImplicit = true },
            Edge(run, run, RelationshipTypes.Calls, line: 6, column: 9) with { Access = SiteAccess.Invoke, IsCandidate = true },
        ];
        await IndexAsync(repo, Batch([run, field, dispose], edges));
        Assert.Equal(
        [
            "M:Ns.A.Run|F:Ns.A._count|uses|3|9|read_write|False|False",
            "M:Ns.A.Run|F:Ns.A._count|uses|4|9|write|False|False",
            "M:Ns.A.Run|M:System.IDisposable.Dispose|calls|5|9|invoke|True|False",
            "M:Ns.A.Run|M:Ns.A.Run|calls|6|9|invoke|False|True",
        ], await Db.RowsAsync(fixture.DataSource, Sites, repo));

        // Same positions, another access and flags: the site rows follow; an unchanged re-index writes no site.
        edges[1] = edges[1] with { Access = SiteAccess.Read };
        edges[3] = edges[3] with { IsCandidate = false };
        await IndexAsync(repo, Batch([run, field, dispose], edges));
        Assert.Equal(
        [
            "M:Ns.A.Run|F:Ns.A._count|uses|3|9|read_write|False|False",
            "M:Ns.A.Run|F:Ns.A._count|uses|4|9|read|False|False",
            "M:Ns.A.Run|M:System.IDisposable.Dispose|calls|5|9|invoke|True|False",
            "M:Ns.A.Run|M:Ns.A.Run|calls|6|9|invoke|False|False",
        ], await Db.RowsAsync(fixture.DataSource, Sites, repo));
        var versions = await Db.RowsAsync(fixture.DataSource, "SELECT x.xmin::text, x.line_number FROM relationship_sites x JOIN symbol_relationships r ON r.id = x.relationship_id WHERE r.repository_id = $1 ORDER BY 2", repo);
        await IndexAsync(repo, Batch([run, field, dispose], edges));
        Assert.Equal(versions, await Db.RowsAsync(fixture.DataSource, "SELECT x.xmin::text, x.line_number FROM relationship_sites x JOIN symbol_relationships r ON r.id = x.relationship_id WHERE r.repository_id = $1 ORDER BY 2", repo));
    }

    [Fact]
    public async Task CommitAsync_NewSymbols_FullTextPendingListMovedIntoTheIndex()
    {
        // Searches scan the GIN pending list on every query until it is moved into the index: the commit moves it, so nothing is left.
        const string Flush = "SELECT gin_clean_pending_list('ix_code_symbols_search_vector'::regclass)";
        await Db.ExecuteAsync(fixture.DataSource, Flush);
        var repo = await NewRepositoryAsync();
        var symbols = Enumerable.Range(0, 200).Select(i => Symbol($"M:Ns.Worker.Retry{i}") with { BodyWords = $"retry backoff jitter attempt{i} socket timeout" }).ToList();

        var result = await IndexAsync(repo, Batch(symbols));

        Assert.Equal(200, result.SymbolsInserted);
        Assert.Equal(0, await Db.CountAsync(fixture.DataSource, Flush));
        Assert.Equal(200, await Db.CountAsync(fixture.DataSource, "SELECT count(*) FROM code_symbols WHERE repository_id = $1 AND search_vector @@ to_tsquery('english', 'backoff & jitter')", repo));
    }

    [Fact]
    public async Task CommitAsync_RoleNotOwningTheSearchIndex_CommitsAndWarns()
    {
        // Moving the pending list needs the index's owner; a role that may only write the tables still gets its index run, and a warning.
        var role = $"w_{Guid.NewGuid():N}"[..24];
        await Db.ExecuteAsync(fixture.DataSource, $"CREATE ROLE {role} LOGIN PASSWORD 'writer'");
        try
        {
            await Db.ExecuteAsync(fixture.DataSource, $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}");
            await Db.ExecuteAsync(fixture.DataSource, $"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}");
            var repo = await NewRepositoryAsync();
            var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Username = role, Password = "writer", Pooling = false }.ConnectionString;
            await using var writerSource = CodeIndex.Storage.Connection.DatabaseConnector.Create(connectionString);
            var logger = new ListLogger();
            CommitResult result;
            await using (var session = await new SymbolWriter(writerSource, logger).BeginAsync(repo))
            {
                await session.WriteAsync(Batch([Symbol("M:Ns.Worker.Retry") with { BodyWords = "backoff jitter" }]));
                result = await session.CommitAsync();
            }

            Assert.Equal(1, result.SymbolsInserted);
            Assert.Equal(1, await Db.CountAsync(fixture.DataSource, "SELECT count(*) FROM code_symbols WHERE repository_id = $1 AND search_vector @@ to_tsquery('english', 'backoff & jitter')", repo));
            var warning = Assert.Single(logger.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
            Assert.Contains("pending list", warning.Message, StringComparison.Ordinal);
            Assert.Contains("must be owner", warning.Message, StringComparison.Ordinal);
        }
        finally
        {
            await Db.ExecuteAsync(fixture.DataSource, $"DROP OWNED BY {role}");
            await Db.ExecuteAsync(fixture.DataSource, $"DROP ROLE {role}");
        }
    }

    /// <summary>Keeps what the writer logs.</summary>
    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger<SymbolWriter>
    {
        public List<(Microsoft.Extensions.Logging.LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }

    [Fact]
    public async Task CommitAsync_RowStoredWithoutBodyWords_GetsThemOnReindexAndTheyAreSearchable()
    {
        // Rows written before migration 008 have no body words while their content hash is unchanged: the merge must still update them.
        var repo = await NewRepositoryAsync();
        var run = Symbol("M:Ns.A.Run");
        await IndexAsync(repo, Batch([run]));
        const string Searchable = "SELECT count(*) FROM code_symbols WHERE repository_id = $1 AND search_vector @@ to_tsquery('english', 'unix & socket')";
        Assert.Equal(0, await Db.CountAsync(fixture.DataSource, Searchable, repo));

        var result = await IndexAsync(repo, Batch([run with { BodyWords = "unix_socket_directories" }]));

        Assert.Equal(1, result.SymbolsUpdated);
        Assert.Equal(1, await Db.CountAsync(fixture.DataSource, Searchable, repo));
    }

    [Fact]
    public async Task CommitAsync_ReindexUnchanged_KeepsIdsAndRowsWithoutDuplicatesOrOrphans()
    {
        var repo = await NewRepositoryAsync();
        var a = Symbol("T:Ns.A");
        var b = Symbol("M:Ns.A.B");
        var c = Symbol("M:Ns.A.C");
        ExtractionBatch[] run = [Batch([a, b, c], [Edge(b, c), Edge(b, c, line: 11), Edge(a, b, RelationshipTypes.Contains, file: null)])];
        const string snapshot = "SELECT c.id, c.symbol_key, c.content_hash, (SELECT count(*) FROM symbol_locations l WHERE l.symbol_id = c.id) FROM code_symbols c WHERE repository_id = $1 ORDER BY id";
        const string edges = "SELECT r.id, r.source_id, r.target_id, r.relationship_type, r.site_count, (SELECT count(*) FROM relationship_sites x WHERE x.relationship_id = r.id) FROM symbol_relationships r WHERE repository_id = $1 ORDER BY id";

        await IndexAsync(repo, run);
        var symbolsBefore = await Db.RowsAsync(fixture.DataSource, snapshot, repo);
        var edgesBefore = await Db.RowsAsync(fixture.DataSource, edges, repo);
        var second = await IndexAsync(repo, run);

        Assert.Equal(symbolsBefore, await Db.RowsAsync(fixture.DataSource, snapshot, repo));
        Assert.Equal(edgesBefore, await Db.RowsAsync(fixture.DataSource, edges, repo));
        Assert.Equal((0, 0, 0), (second.SymbolsInserted, second.SymbolsUpdated, second.SymbolsDeleted));
        Assert.Equal(0, await Db.CountAsync(fixture.DataSource, "SELECT count(*) FROM symbol_relationships r WHERE NOT EXISTS (SELECT 1 FROM code_symbols c WHERE c.id = r.source_id AND c.repository_id = r.repository_id)"));
    }

    [Fact]
    public async Task CommitAsync_SymbolRemovedAndChanged_DeletesItUpdatesOtherKeepsIds()
    {
        var repo = await NewRepositoryAsync();
        var a = Symbol("T:Ns.A");
        var b = Symbol("M:Ns.A.B");
        var c = Symbol("M:Ns.A.C");
        await IndexAsync(repo, Batch([a, b, c], [Edge(b, c)]));
        var idA = await Db.CountAsync(fixture.DataSource, "SELECT id FROM code_symbols WHERE repository_id = $1 AND symbol_key = 'T:Ns.A'", repo);

        var result = await IndexAsync(repo, Batch([a with { ContentHash = "h2", Line = 40 }, b]));

        Assert.Equal((0, 1, 1), (result.SymbolsInserted, result.SymbolsUpdated, result.SymbolsDeleted));
        Assert.Equal(idA, await Db.CountAsync(fixture.DataSource, "SELECT id FROM code_symbols WHERE repository_id = $1 AND symbol_key = 'T:Ns.A' AND content_hash = 'h2' AND line_number = 40", repo));
        Assert.Equal(0, await Db.CountAsync(fixture.DataSource, "SELECT count(*) FROM symbol_relationships WHERE repository_id = $1", repo));
    }

    [Fact]
    public async Task CommitAsync_DuplicateSymbolAndDanglingEdges_KeepsFirstAndCountsDropped()
    {
        var repo = await NewRepositoryAsync();
        var a = Symbol("T:Ns.A", hash: "first");
        var b = Symbol("M:Ns.A.B");
        var ghost = Symbol("M:Ns.Ghost");
        var result = await IndexAsync(repo, Batch([a, b]), Batch([a with { ContentHash = "second", Locations = [new SourceSpan("other.cs", 1, 1, 1, 2)] }], [Edge(b, ghost), Edge(ghost, a), Edge(b, a)]));

        Assert.Equal(2, result.SymbolsWritten);
        Assert.Equal(2, result.DroppedEdges);
        Assert.Equal(1, result.Relationships);
        Assert.Equal(["first|src/A.cs"], await Db.RowsAsync(fixture.DataSource, "SELECT c.content_hash, l.file_path FROM code_symbols c JOIN symbol_locations l ON l.symbol_id = c.id WHERE c.repository_id = $1 AND c.symbol_key = 'T:Ns.A'", repo));
    }

    [Fact]
    public async Task DisposeAsync_ExceptionMidSession_LeavesPreviousIndexAndReadersSeeOldOne()
    {
        var repo = await NewRepositoryAsync();
        var a = Symbol("T:Ns.A");
        await IndexAsync(repo, Batch([a, Symbol("M:Ns.A.B")]));
        var before = await Db.RowsAsync(fixture.DataSource, "SELECT id, symbol_key, content_hash FROM code_symbols WHERE repository_id = $1 ORDER BY id", repo);

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var session = await new SymbolWriter(fixture.DataSource).BeginAsync(repo, new IndexWriteOptions(FlushRows: 1));
            await session.WriteAsync(Batch([a with { ContentHash = "new" }, Symbol("M:Ns.New")]));
            Assert.Equal(before, await Db.RowsAsync(fixture.DataSource, "SELECT id, symbol_key, content_hash FROM code_symbols WHERE repository_id = $1 ORDER BY id", repo));
            throw new InvalidOperationException("extraction crashed");
        });

        Assert.Equal(before, await Db.RowsAsync(fixture.DataSource, "SELECT id, symbol_key, content_hash FROM code_symbols WHERE repository_id = $1 ORDER BY id", repo));
    }

    [Fact]
    public async Task WriteAsync_BadRelationshipType_ThrowsAndPreviousIndexStays()
    {
        var repo = await NewRepositoryAsync();
        var a = Symbol("T:Ns.A");
        var b = Symbol("M:Ns.A.B");
        await IndexAsync(repo, Batch([a, b], [Edge(b, a)]));
        var before = await Db.RowsAsync(fixture.DataSource, "SELECT source_id, target_id, relationship_type FROM symbol_relationships WHERE repository_id = $1", repo);

        await using (var session = await new SymbolWriter(fixture.DataSource).BeginAsync(repo))
        {
            await session.WriteAsync(Batch([a]));
            await Assert.ThrowsAsync<ArgumentException>(() => session.WriteAsync(Batch([b], [new RelationshipRecord(b.Ref, a.Ref, "'; DROP TABLE code_symbols; --", null)])));
        }

        Assert.Equal(before, await Db.RowsAsync(fixture.DataSource, "SELECT source_id, target_id, relationship_type FROM symbol_relationships WHERE repository_id = $1", repo));
        Assert.Equal(2, await Db.CountAsync(fixture.DataSource, "SELECT count(*) FROM code_symbols WHERE repository_id = $1", repo));
    }

    [Fact]
    public async Task CommitAsync_HostileStrings_RoundTripUnchanged()
    {
        var repo = await NewRepositoryAsync();
        string[] hostile = ["O'Brien \"quoted\"", "100%_done\\n", "'; DROP TABLE code_symbols; --", "ünï€ødé 🚀", "tab\tnew\nline"];
        var symbols = hostile.Select((h, i) => Symbol($"M:Ns.{h}", name: h, doc: h, signature: h, file: $"src/{h}.cs", line: i + 1)).ToList();
        await IndexAsync(repo, Batch(symbols, [Edge(symbols[0], symbols[2], file: "src/%_'.cs")]));

        var rows = await Db.RowsAsync(fixture.DataSource, "SELECT name, documentation, signature, file_path FROM code_symbols WHERE repository_id = $1 ORDER BY line_number", repo);
        Assert.Equal(hostile.Select(h => $"{h}|{h}|{h}|src/{h}.cs"), rows);
        Assert.Equal(["src/%_'.cs"], await Db.RowsAsync(fixture.DataSource, "SELECT x.file_path FROM relationship_sites x JOIN symbol_relationships r ON r.id = x.relationship_id WHERE r.repository_id = $1", repo));
    }
}
