using CodeIndex.Storage.Migrations;
using CodeIndex.Storage.Tests.Support;
using CodeIndex.Testing;
using Npgsql;

namespace CodeIndex.Storage.Tests.Migrations;

/// <summary>Migrations are recorded, idempotent and safe to run concurrently.</summary>
public sealed class SchemaMigratorTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task MigrateAsync_AlreadyMigrated_AppliesNothingAndKeepsRecords()
    {
        var before = await Db.RowsAsync(fixture.DataSource, "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version");
        var applied = await new SchemaMigrator(fixture.DataSource).MigrateAsync();
        Assert.Empty(applied);
        Assert.Equal(before, await Db.RowsAsync(fixture.DataSource, "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version"));
        Assert.Equal(["1|schema", "2|vector"], await Db.RowsAsync(fixture.DataSource, "SELECT version, name FROM schema_migrations ORDER BY version LIMIT 2"));
    }

    [Fact]
    public async Task MigrateAsync_ConcurrentOnEmptyDatabase_AppliesEachOnce()
    {
        await using var empty = await EmptyDatabase.CreateAsync();
        var connectionString = empty.ConnectionString;

        await using var a = CodeIndex.Storage.Connection.DatabaseConnector.Create(connectionString);
        await using var b = CodeIndex.Storage.Connection.DatabaseConnector.Create(connectionString);
        var results = await Task.WhenAll(new SchemaMigrator(a).MigrateAsync(), new SchemaMigrator(b).MigrateAsync());

        Assert.Equal(Migration.LoadEmbedded().Select(m => m.Version), results.SelectMany(r => r).Order());
        Assert.Equal(Migration.LoadEmbedded().Count, await Db.CountAsync(a, "SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task MigrateAsync_DatabaseFrom007WithRows_AddsBodyWordsRecountsLexemesAndCanRunAgain()
    {
        await using var empty = await EmptyDatabase.CreateAsync();
        await using var db = CodeIndex.Storage.Connection.DatabaseConnector.Create(empty.ConnectionString);
        await MigrateUpToAsync(db, 7);

        await Db.ExecuteAsync(db, "INSERT INTO repositories (id, name, root_path) VALUES (1, 'r', '/r')");
        await Db.ExecuteAsync(db, """
            INSERT INTO code_symbols (repository_id, project, symbol_key, name, qualified_name, kind, documentation, visibility, language, assembly_name, content_hash)
            VALUES (1, 'P', 'M:N.C.Flush', 'Flush', 'N.C.Flush', 'method', 'Writes pending rows.', 'public', 'csharp', 'P', 'h')
            """);

        Assert.Equal([8, 9, 10, 11, 12], await new SchemaMigrator(db).MigrateAsync());

        const string CountedLexemes = """
            SELECT s.repository_id, w.lexeme, count(*) FROM code_symbols s CROSS JOIN LATERAL unnest(tsvector_to_array(s.search_vector)) AS w(lexeme)
            WHERE NOT s.is_external GROUP BY 1, 2 ORDER BY 1, 2
            """;
        const string StoredLexemes = "SELECT repository_id, lexeme, documents FROM search_lexeme_counts ORDER BY 1, 2";
        Assert.Equal(await Db.RowsAsync(db, CountedLexemes), await Db.RowsAsync(db, StoredLexemes));
        Assert.Contains("1|flush|1", await Db.RowsAsync(db, StoredLexemes));

        // Body words written after the upgrade are searchable with weight D (which tsvector text shows without a letter) and counted by 007's triggers.
        await Db.ExecuteAsync(db, "UPDATE code_symbols SET body_words = 'unix_socket_directories' WHERE symbol_key = 'M:N.C.Flush'");
        Assert.Equal(["'directori':9 'socket':8 'unix':7"], await Db.RowsAsync(db, "SELECT ts_filter(search_vector, '{d}') FROM code_symbols WHERE search_vector @@ 'socket'::tsquery"));
        Assert.Equal(await Db.RowsAsync(db, CountedLexemes), await Db.RowsAsync(db, StoredLexemes));

        // Running the script again changes nothing.
        var before = await Db.RowsAsync(db, "SELECT id, search_vector::text FROM code_symbols");
        await InTransactionAsync(db, Migration.LoadEmbedded().Single(m => m.Version == 8).Sql);
        Assert.Equal(before, await Db.RowsAsync(db, "SELECT id, search_vector::text FROM code_symbols"));
        Assert.Equal(await Db.RowsAsync(db, CountedLexemes), await Db.RowsAsync(db, StoredLexemes));
    }

    [Fact]
    public async Task MigrateAsync_DatabaseFrom008WithSites_AddsAccessColumnsAndUsesTypeAndCanRunAgain()
    {
        await using var empty = await EmptyDatabase.CreateAsync();
        await using var db = CodeIndex.Storage.Connection.DatabaseConnector.Create(empty.ConnectionString);
        await MigrateUpToAsync(db, 8);

        await Db.ExecuteAsync(db, "INSERT INTO repositories (id, name, root_path) VALUES (1, 'r', '/r')");
        await Db.ExecuteAsync(db, """
            INSERT INTO code_symbols (id, repository_id, project, symbol_key, name, qualified_name, kind, visibility, language, assembly_name, content_hash)
            VALUES (1, 1, 'P', 'M:N.C.A', 'A', 'N.C.A', 'method', 'public', 'csharp', 'P', 'h'),
                   (2, 1, 'P', 'F:N.C.f', 'f', 'N.C.f', 'field', 'private', 'csharp', 'P', 'h')
            """);
        await Db.ExecuteAsync(db, "INSERT INTO symbol_relationships (id, repository_id, source_id, target_id, relationship_type, site_count) VALUES (1, 1, 1, 1, 'calls', 1)");
        await Db.ExecuteAsync(db, "INSERT INTO relationship_sites (relationship_id, file_path, line_number, column_number) VALUES (1, 'a.cs', 3, 5)");
        await Assert.ThrowsAsync<PostgresException>(() => Db.ExecuteAsync(db, "INSERT INTO symbol_relationships (repository_id, source_id, target_id, relationship_type) VALUES (1, 1, 2, 'uses')"));

        Assert.Equal([9, 10, 11, 12], await new SchemaMigrator(db).MigrateAsync());

        // Sites written before 009 keep their rows: no access yet (the next index run fills it), explicit, bound.
        Assert.Equal(["1|a.cs|3|5|∅|False|False"], await Db.RowsAsync(db, "SELECT relationship_id, file_path, line_number, column_number, access, is_implicit, is_candidate FROM relationship_sites"));
        await Db.ExecuteAsync(db, "INSERT INTO symbol_relationships (id, repository_id, source_id, target_id, relationship_type, site_count) VALUES (2, 1, 1, 2, 'uses', 1)");
        await Db.ExecuteAsync(db, "INSERT INTO relationship_sites (relationship_id, file_path, line_number, column_number, access) VALUES (2, 'a.cs', 4, 9, 'read_write')");
        var bad = await Assert.ThrowsAsync<PostgresException>(() => Db.ExecuteAsync(db, "INSERT INTO relationship_sites (relationship_id, file_path, line_number, column_number, access) VALUES (2, 'a.cs', 5, 1, 'poke')"));
        Assert.Equal(PostgresErrorCodes.CheckViolation, bad.SqlState);

        // Running the script again changes nothing.
        var before = await Db.RowsAsync(db, "SELECT relationship_id, line_number, access FROM relationship_sites ORDER BY 1, 2");
        await InTransactionAsync(db, Migration.LoadEmbedded().Single(m => m.Version == 9).Sql);
        Assert.Equal(before, await Db.RowsAsync(db, "SELECT relationship_id, line_number, access FROM relationship_sites ORDER BY 1, 2"));

        // 010: symbols written before it are not implicit until re-indexed; the watch tables exist; it can run again.
        Assert.Equal(["False"], await Db.RowsAsync(db, "SELECT DISTINCT is_implicit FROM code_symbols"));
        Assert.Equal(0, await Db.CountAsync(db, "SELECT count(*) FROM indexed_files") + await Db.CountAsync(db, "SELECT count(*) FROM indexed_projects") + await Db.CountAsync(db, "SELECT count(*) FROM watch_daemons"));
        await InTransactionAsync(db, Migration.LoadEmbedded().Single(m => m.Version == 10).Sql);
        Assert.Equal(["False"], await Db.RowsAsync(db, "SELECT DISTINCT is_implicit FROM code_symbols"));

        // 011: a repository indexed before it gets one whole-repository prepare (the empty key), once, also when it runs again.
        Assert.Equal(["1|"], await Db.RowsAsync(db, "SELECT repository_id, symbol_key FROM embedding_changes"));
        await InTransactionAsync(db, Migration.LoadEmbedded().Single(m => m.Version == 11).Sql);
        Assert.Equal(["1|"], await Db.RowsAsync(db, "SELECT repository_id, symbol_key FROM embedding_changes"));

        // 012: existing projects are not test projects until re-indexed, repositories are working-tree indexes; it can run again.
        Assert.Equal(["|"], await Db.RowsAsync(db, "SELECT DISTINCT coalesce(revision, ''), coalesce(source_root, '') FROM repositories"));
        await InTransactionAsync(db, Migration.LoadEmbedded().Single(m => m.Version == 12).Sql);
        Assert.Equal(0, await Db.CountAsync(db, "SELECT count(*) FROM indexed_projects WHERE is_test"));
    }

    /// <summary>A database as the tool left it when migration <paramref name="version"/> was the newest: scripts applied and recorded.</summary>
    private static async Task MigrateUpToAsync(NpgsqlDataSource db, int version)
    {
        await Db.ExecuteAsync(db, "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        foreach (var old in Migration.LoadEmbedded().Where(m => m.Version <= version))
        {
            await InTransactionAsync(db, old.Sql);
            await Db.ExecuteAsync(db, "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", old.Version, old.Name, old.Checksum);
        }
    }

    /// <summary>As the migrator runs a script: in one transaction.</summary>
    private static async Task InTransactionAsync(NpgsqlDataSource db, string sql)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand(sql, connection, tx))
        {
            await command.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }
}
