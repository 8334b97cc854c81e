namespace CodeIndex.Storage.Writing;

/// <summary>The set-based statements that replace a repository's index from staging at commit (@repo = repository id).</summary>
internal static class MergeSql
{
    private const string ChangedColumns = "project, name, qualified_name, kind, file_path, line_number, column_number, end_line, end_column, signature, documentation, visibility, is_static, is_abstract, is_virtual, is_override, is_sealed, is_async, is_readonly, is_const, is_partial, is_extern, is_generic, language, is_external, assembly_version, content_hash";

    /// <summary>Dedupe staged symbols (first emission wins), index and analyse staging.</summary>
    public const string Prepare = """
        CREATE TEMP TABLE s_sym ON COMMIT DROP AS
            SELECT DISTINCT ON (assembly_name, symbol_key) * FROM stage_symbols ORDER BY assembly_name, symbol_key, seq;
        CREATE UNIQUE INDEX ON s_sym (assembly_name, symbol_key);
        ANALYZE s_sym;
        """;

    /// <summary>Upsert; unchanged rows are not touched (no new row version, same id). Returns (inserted, updated).</summary>
    public static readonly string UpsertSymbols = $"""
        WITH up AS (
            INSERT INTO code_symbols AS c (repository_id, symbol_key, assembly_name, {ChangedColumns})
            SELECT @repo, symbol_key, assembly_name, project, name, qualified_name, kind, file_path, line_number, column_number, end_line, end_column,
                   signature, documentation, visibility,
                   (modifiers & 1) <> 0, (modifiers & 2) <> 0, (modifiers & 4) <> 0, (modifiers & 8) <> 0, (modifiers & 16) <> 0,
                   (modifiers & 32) <> 0, (modifiers & 64) <> 0, (modifiers & 128) <> 0, (modifiers & 256) <> 0, (modifiers & 512) <> 0,
                   (modifiers & 1024) <> 0, language, is_external, assembly_version, content_hash
            FROM s_sym
            ON CONFLICT (repository_id, assembly_name, symbol_key) DO UPDATE SET ({ChangedColumns}) = ROW({Prefixed("EXCLUDED")})
            WHERE ({Prefixed("c")}) IS DISTINCT FROM ({Prefixed("EXCLUDED")})
            RETURNING (xmax = 0) AS inserted)
        SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up
        """;

    public const string DeleteMissingSymbols = """
        DELETE FROM code_symbols c WHERE c.repository_id = @repo
          AND NOT EXISTS (SELECT 1 FROM s_sym s WHERE s.assembly_name = c.assembly_name AND s.symbol_key = c.symbol_key)
        """;

    /// <summary>Staged symbol → stored id, then the locations of first emissions, replaced as a diff.</summary>
    public const string ReplaceLocations = """
        CREATE TEMP TABLE s_map ON COMMIT DROP AS
            SELECT s.seq, c.id, s.assembly_name, s.symbol_key
            FROM s_sym s JOIN code_symbols c ON c.repository_id = @repo AND c.assembly_name = s.assembly_name AND c.symbol_key = s.symbol_key;
        CREATE UNIQUE INDEX ON s_map (seq);
        CREATE UNIQUE INDEX ON s_map (assembly_name, symbol_key);
        ANALYZE s_map;
        ANALYZE stage_locations;
        CREATE TEMP TABLE s_loc ON COMMIT DROP AS
            SELECT DISTINCT ON (m.id, l.file_path, l.line_number, l.column_number)
                   m.id AS symbol_id, l.file_path, l.line_number, l.column_number, l.end_line, l.end_column
            FROM stage_locations l JOIN s_map m ON m.seq = l.symbol_seq
            ORDER BY m.id, l.file_path, l.line_number, l.column_number;
        ANALYZE s_loc;
        DELETE FROM symbol_locations l USING code_symbols c
        WHERE l.symbol_id = c.id AND c.repository_id = @repo
          AND NOT EXISTS (SELECT 1 FROM s_loc x WHERE x.symbol_id = l.symbol_id AND x.file_path = l.file_path
                          AND x.line_number = l.line_number AND x.column_number = l.column_number
                          AND x.end_line = l.end_line AND x.end_column = l.end_column);
        INSERT INTO symbol_locations (symbol_id, file_path, line_number, column_number, end_line, end_column)
            SELECT symbol_id, file_path, line_number, column_number, end_line, end_column FROM s_loc
            ORDER BY symbol_id
            ON CONFLICT DO NOTHING;
        """;

    /// <summary>Resolve occurrence endpoints, fold to one row per (source, target, type).</summary>
    public const string FoldEdges = """
        ANALYZE stage_edges;
        CREATE TEMP TABLE s_site ON COMMIT DROP AS
            SELECT DISTINCT ms.id AS source_id, mt.id AS target_id, e.relationship_type, e.file_path, e.line_number, e.column_number
            FROM stage_edges e
            JOIN s_map ms ON ms.assembly_name = e.src_assembly AND ms.symbol_key = e.src_key
            JOIN s_map mt ON mt.assembly_name = e.tgt_assembly AND mt.symbol_key = e.tgt_key;
        CREATE TEMP TABLE s_edge ON COMMIT DROP AS
            SELECT source_id, target_id, relationship_type, count(file_path)::integer AS site_count
            FROM s_site GROUP BY source_id, target_id, relationship_type;
        ANALYZE s_site;
        ANALYZE s_edge;
        """;

    public const string CountDroppedEdges = """
        SELECT count(*) FROM stage_edges e
        WHERE NOT EXISTS (SELECT 1 FROM s_map m WHERE m.assembly_name = e.src_assembly AND m.symbol_key = e.src_key)
           OR NOT EXISTS (SELECT 1 FROM s_map m WHERE m.assembly_name = e.tgt_assembly AND m.symbol_key = e.tgt_key);
        """;

    /// <summary>Upsert folded relationships (ids stay stable), delete the repository's others, diff their sites.</summary>
    public const string ReplaceRelationships = """
        INSERT INTO symbol_relationships AS r (repository_id, source_id, target_id, relationship_type, site_count)
            SELECT @repo, source_id, target_id, relationship_type, site_count FROM s_edge
            ORDER BY source_id, target_id, relationship_type
            ON CONFLICT (source_id, target_id, relationship_type) DO UPDATE
                SET site_count = EXCLUDED.site_count, repository_id = EXCLUDED.repository_id
                WHERE (r.site_count, r.repository_id) IS DISTINCT FROM (EXCLUDED.site_count, EXCLUDED.repository_id);
        DELETE FROM symbol_relationships r WHERE r.repository_id = @repo
          AND NOT EXISTS (SELECT 1 FROM s_edge e WHERE e.source_id = r.source_id AND e.target_id = r.target_id AND e.relationship_type = r.relationship_type);
        CREATE TEMP TABLE s_rsite ON COMMIT DROP AS
            SELECT r.id AS relationship_id, s.file_path, s.line_number, s.column_number
            FROM s_site s JOIN symbol_relationships r
              ON r.source_id = s.source_id AND r.target_id = s.target_id AND r.relationship_type = s.relationship_type
            WHERE s.file_path IS NOT NULL AND r.repository_id = @repo;
        ANALYZE s_rsite;
        DELETE FROM relationship_sites x USING symbol_relationships r
        WHERE x.relationship_id = r.id AND r.repository_id = @repo
          AND NOT EXISTS (SELECT 1 FROM s_rsite y WHERE y.relationship_id = x.relationship_id AND y.file_path = x.file_path
                          AND y.line_number = x.line_number AND y.column_number = x.column_number);
        INSERT INTO relationship_sites (relationship_id, file_path, line_number, column_number)
            SELECT relationship_id, file_path, line_number, column_number FROM s_rsite
            ORDER BY relationship_id, file_path, line_number, column_number
            ON CONFLICT DO NOTHING;
        """;

    /// <summary>Final counts and the repository's indexed_at/last_index_stats (@stats = caller's stats JSON or null; its keys win).</summary>
    public const string Finish = """
        UPDATE repositories SET indexed_at = now(),
            last_index_stats = jsonb_build_object(
                'symbols', (SELECT count(*) FROM s_sym),
                'relationships', (SELECT count(*) FROM s_edge),
                'relationship_sites', (SELECT count(*) FROM s_rsite),
                'dropped_edges', @dropped) || coalesce(@stats::jsonb, '{}'::jsonb)
        WHERE id = @repo
        RETURNING (SELECT count(*) FROM s_sym), (SELECT count(*) FROM s_edge), (SELECT count(*) FROM s_rsite)
        """;

    private static string Prefixed(string alias) =>
        string.Join(", ", ChangedColumns.Split(", ").Select(c => $"{alias}.{c}"));
}
