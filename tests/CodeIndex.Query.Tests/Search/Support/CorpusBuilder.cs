using Npgsql;

namespace CodeIndex.Query.Tests.Search.Support;

/// <summary>Writes a repository of documented symbols with SQL: types, members with <c>contains</c> edges from their type, and references.</summary>
internal sealed class CorpusBuilder
{
    private readonly NpgsqlDataSource _db;

    private CorpusBuilder(NpgsqlDataSource db, long repositoryId)
    {
        _db = db;
        RepositoryId = repositoryId;
    }

    public long RepositoryId { get; }

    /// <summary>Symbol ids by qualified name (overloads: the last one written).</summary>
    public Dictionary<string, long> Ids { get; } = new(StringComparer.Ordinal);

    public static async Task<CorpusBuilder> CreateAsync(NpgsqlDataSource db)
    {
        await using var command = db.CreateCommand("INSERT INTO repositories (name, root_path) VALUES ('corpus', @p) RETURNING id");
        command.Parameters.AddWithValue("p", $"/src/corpus-{Guid.NewGuid():N}");
        return new CorpusBuilder(db, (long)(await command.ExecuteScalarAsync())!);
    }

    /// <summary>A type <c>ns.name</c>.</summary>
    public Task<long> TypeAsync(string qualifiedName, string doc, string kind = "class", string project = "App", string? file = null, string visibility = "public") =>
        AddAsync("T:" + qualifiedName, qualifiedName, kind, doc, $"{visibility} {kind} {qualifiedName.Split('.')[^1]}", project, file, visibility);

    /// <summary>A member <c>type.name</c> contained in <paramref name="typeId"/>; <paramref name="parameters"/> distinguishes overloads.</summary>
    public async Task<long> MemberAsync(long typeId, string qualifiedName, string doc, string kind = "method", string parameters = "()", string project = "App",
        string? file = null, string visibility = "public", string? body = null)
    {
        var prefix = kind switch { "enum_member" or "field" => "F:", "property" => "P:", _ => "M:" };
        var key = prefix + qualifiedName + (kind == "method" ? parameters : "");
        var id = await AddAsync(key, qualifiedName, kind, doc, $"{visibility} void {qualifiedName.Split('.')[^1]}{parameters}", project, file, visibility, body);
        await EdgeAsync(typeId, id, "contains");
        return id;
    }

    public async Task EdgeAsync(long source, long target, string type = "references")
    {
        await using var command = _db.CreateCommand("""
            INSERT INTO symbol_relationships (repository_id, source_id, target_id, relationship_type, site_count) VALUES (@repo, @s, @t, @type, 1)
            """);
        command.Parameters.AddWithValue("repo", RepositoryId);
        command.Parameters.AddWithValue("s", source);
        command.Parameters.AddWithValue("t", target);
        command.Parameters.AddWithValue("type", type);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> AddAsync(string key, string qualifiedName, string kind, string doc, string signature, string project, string? file, string visibility,
        string? body = null)
    {
        await using var command = _db.CreateCommand("""
            INSERT INTO code_symbols (repository_id, project, symbol_key, name, qualified_name, kind, file_path, line_number, column_number,
                                      end_line, end_column, signature, documentation, visibility, language, assembly_name, content_hash, body_words)
            VALUES (@repo, @project, @key, @name, @qn, @kind, @file, 1, 1, 2, 1, @sig, @doc, @vis, 'csharp', @project, 'h', @body)
            RETURNING id
            """);
        command.Parameters.AddWithValue("repo", RepositoryId);
        command.Parameters.AddWithValue("project", project);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("name", qualifiedName.Split('.')[^1]);
        command.Parameters.AddWithValue("qn", qualifiedName);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("file", file ?? $"src/{project}/{qualifiedName.Split('.')[^2]}.cs");
        command.Parameters.AddWithValue("sig", signature);
        command.Parameters.AddWithValue("doc", doc);
        command.Parameters.AddWithValue("vis", visibility);
        command.Parameters.AddWithValue("body", (object?)body ?? DBNull.Value);
        var id = (long)(await command.ExecuteScalarAsync())!;
        Ids[qualifiedName] = id;
        return id;
    }
}
