using Npgsql;

namespace CodeIndex.Watch.Tests.Support;

/// <summary>
/// Everything the index holds for one repository as sorted text rows, with ids and timestamps left out and every reference to a
/// symbol written as its (assembly, key): symbols with every column (search vector and body words included), locations,
/// relationships with their site counts, every site with its access flags, per-file and per-project hashes, and the search counters.
/// </summary>
public static class IndexSnapshot
{
    private const string Sql = """
        WITH s AS (SELECT id, assembly_name || '|' || symbol_key AS k FROM code_symbols WHERE repository_id = $1)
        SELECT 'S ' || ((to_jsonb(c) - 'id' - 'repository_id')::text) FROM code_symbols c WHERE c.repository_id = $1
        UNION ALL
        SELECT 'L ' || s.k || ' ' || l.file_path || ':' || l.line_number || ':' || l.column_number || '-' || l.end_line || ':' || l.end_column
        FROM symbol_locations l JOIN s ON s.id = l.symbol_id
        UNION ALL
        SELECT 'R ' || a.k || ' ' || r.relationship_type || ' ' || b.k || ' ' || r.site_count
        FROM symbol_relationships r JOIN s a ON a.id = r.source_id JOIN s b ON b.id = r.target_id WHERE r.repository_id = $1
        UNION ALL
        SELECT 'X ' || a.k || ' ' || r.relationship_type || ' ' || b.k || ' ' || x.file_path || ':' || x.line_number || ':' || x.column_number
               || ' ' || coalesce(x.access, '-') || ' ' || x.is_implicit || ' ' || x.is_candidate
        FROM relationship_sites x JOIN symbol_relationships r ON r.id = x.relationship_id
        JOIN s a ON a.id = r.source_id JOIN s b ON b.id = r.target_id WHERE r.repository_id = $1
        UNION ALL
        SELECT 'F ' || file_path || ' ' || project || ' ' || content_hash || ' ' || shape_hash FROM indexed_files WHERE repository_id = $1
        UNION ALL
        SELECT 'P ' || project_path || ' ' || project || ' ' || coalesce(target_framework, '-') || ' ' || input_hash FROM indexed_projects WHERE repository_id = $1
        UNION ALL
        SELECT 'C ' || ((to_jsonb(c) - 'repository_id')::text) FROM search_symbol_counts c WHERE c.repository_id = $1
        UNION ALL
        SELECT 'W ' || ((to_jsonb(c) - 'repository_id')::text) FROM search_lexeme_counts c WHERE c.repository_id = $1 AND c.documents <> 0
        """;

    public static async Task<IReadOnlyList<string>> ReadAsync(NpgsqlDataSource dataSource, long repositoryId)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddWithValue(repositoryId);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
