using Npgsql;

namespace CodeIndex.Query.Tests.Support;

/// <summary>Inserts a repository with symbols, relationships, locations and sites directly with SQL (no storage writer).</summary>
internal sealed class TestGraph
{
    private readonly NpgsqlDataSource _db;
    private readonly Dictionary<long, string> _keys = [];

    private TestGraph(NpgsqlDataSource db, long repositoryId)
    {
        _db = db;
        RepositoryId = repositoryId;
    }

    public long RepositoryId { get; }

    /// <summary>Creates a repository with a unique root path, so tests sharing a database do not see each other's symbols by id.</summary>
    public static async Task<TestGraph> CreateAsync(NpgsqlDataSource db, string name = "repo")
    {
        await using var command = db.CreateCommand("INSERT INTO repositories (name, root_path) VALUES (@n, @p) RETURNING id");
        command.Parameters.AddWithValue("n", name);
        command.Parameters.AddWithValue("p", $"/src/{name}-{Guid.NewGuid():N}");
        return new TestGraph(db, (long)(await command.ExecuteScalarAsync())!);
    }

    /// <summary>The symbol key <see cref="AddAsync"/> gave to <paramref name="id"/>.</summary>
    public string Key(long id) => _keys[id];

    public async Task<long> AddAsync(
        string qualifiedName,
        string kind = "method",
        string? key = null,
        string project = "App",
        string? file = null,
        int? line = null,
        int? endLine = null,
        bool external = false,
        string? name = null)
    {
        name ??= qualifiedName.Split('(')[0].Split('.')[^1];
        key ??= (kind == "method" ? "M:" : "T:") + qualifiedName;
        await using var command = _db.CreateCommand("""
            INSERT INTO code_symbols (repository_id, project, symbol_key, name, qualified_name, kind, file_path, line_number,
                                      column_number, end_line, end_column, visibility, language, is_external, assembly_name, content_hash)
            VALUES (@repo, @project, @key, @name, @qn, @kind, @file, @line, @col, @end, @endcol, 'public', 'csharp', @ext, @asm, 'h')
            RETURNING id
            """);
        command.Parameters.AddWithValue("repo", RepositoryId);
        command.Parameters.AddWithValue("project", project);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("qn", qualifiedName);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("file", (object?)file ?? DBNull.Value);
        command.Parameters.AddWithValue("line", line is null ? DBNull.Value : line);
        command.Parameters.AddWithValue("col", line is null ? DBNull.Value : 5);
        command.Parameters.AddWithValue("end", (endLine ?? line) is { } e ? e : DBNull.Value);
        command.Parameters.AddWithValue("endcol", line is null ? DBNull.Value : 6);
        command.Parameters.AddWithValue("ext", external);
        command.Parameters.AddWithValue("asm", external ? "External.Lib" : project);
        var id = (long)(await command.ExecuteScalarAsync())!;
        _keys[id] = key;
        return id;
    }

    /// <summary>Adds an edge <paramref name="source"/> → <paramref name="target"/>; returns the relationship id.</summary>
    public async Task<long> EdgeAsync(long source, long target, string type = "calls")
    {
        await using var command = _db.CreateCommand("""
            INSERT INTO symbol_relationships (repository_id, source_id, target_id, relationship_type, site_count)
            VALUES (@repo, @s, @t, @type, 1) RETURNING id
            """);
        command.Parameters.AddWithValue("repo", RepositoryId);
        command.Parameters.AddWithValue("s", source);
        command.Parameters.AddWithValue("t", target);
        command.Parameters.AddWithValue("type", type);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task CallsAsync(params (long Source, long Target)[] edges)
    {
        foreach (var (source, target) in edges)
        {
            await EdgeAsync(source, target);
        }
    }

    public async Task SiteAsync(long relationshipId, string file, int line, int column, string? access = null, bool isImplicit = false)
    {
        await using var command = _db.CreateCommand(
            "INSERT INTO relationship_sites (relationship_id, file_path, line_number, column_number, access, is_implicit) VALUES (@r, @f, @l, @c, @a, @i)");
        command.Parameters.AddWithValue("r", relationshipId);
        command.Parameters.AddWithValue("f", file);
        command.Parameters.AddWithValue("l", line);
        command.Parameters.AddWithValue("c", column);
        command.Parameters.AddWithValue("a", (object?)access ?? DBNull.Value);
        command.Parameters.AddWithValue("i", isImplicit);
        await command.ExecuteNonQueryAsync();
    }

    public async Task LocationAsync(long symbolId, string file, int line, int endLine)
    {
        await using var command = _db.CreateCommand("""
            INSERT INTO symbol_locations (symbol_id, file_path, line_number, column_number, end_line, end_column)
            VALUES (@s, @f, @l, 1, @e, 2)
            """);
        command.Parameters.AddWithValue("s", symbolId);
        command.Parameters.AddWithValue("f", file);
        command.Parameters.AddWithValue("l", line);
        command.Parameters.AddWithValue("e", endLine);
        await command.ExecuteNonQueryAsync();
    }
}
