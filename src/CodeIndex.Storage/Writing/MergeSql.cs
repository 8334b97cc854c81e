namespace CodeIndex.Storage.Writing;

/// <summary>
/// The set-based statements that replace a repository's index from staging at commit (@repo = repository id).
/// Design (measured, see tests/CodeIndex.Storage.Tests/Writing/MergePerformanceTests.cs):
/// every target row is classified once by a hash join between staging and the repository's stored rows (new, changed,
/// unchanged, missing), new rows get their ids from the table's identity sequence up front, and then only new rows are
/// INSERTed (plain INSERT, no ON CONFLICT), only changed rows UPDATEd and only missing rows DELETEd. Unchanged rows are
/// never written or locked (the former INSERT … ON CONFLICT DO UPDATE … WHERE locked every existing row). On a first index
/// (no stored rows) the classification joins and the DELETE passes are skipped. The writer holds the repository's
/// advisory lock, so no other writer changes these rows meanwhile.
/// </summary>
internal static class MergeSql
{
    private const string ChangedColumns = "project, name, qualified_name, kind, file_path, line_number, column_number, end_line, end_column, signature, documentation, visibility, is_static, is_abstract, is_virtual, is_override, is_sealed, is_async, is_readonly, is_const, is_partial, is_extern, is_generic, language, is_external, assembly_version, content_hash, body_words, is_implicit";

    /// <summary>First index? (no stored symbols), and the oids of the identity sequences of code_symbols and symbol_relationships.</summary>
    public const string Probe = """
        SELECT NOT EXISTS (SELECT 1 FROM code_symbols WHERE repository_id = @repo),
               pg_get_serial_sequence('code_symbols', 'id')::regclass::oid::bigint,
               pg_get_serial_sequence('symbol_relationships', 'id')::regclass::oid::bigint
        """;

    /// <summary>
    /// Dedupe staged symbols (first emission wins) into s_sym with the stored columns' shapes, the stored id (or a new one
    /// from the sequence), is_new and changed (any stored column differs). {0} = code_symbols' sequence oid.
    /// </summary>
    /// <summary>A whole-repository write that changed symbols tells the embedding step to prepare every symbol (the empty key of
    /// <c>embedding_changes</c>): it does not track which ones changed.</summary>
    public const string LogAllEmbeddingsChanged = "INSERT INTO embedding_changes (repository_id, symbol_key) VALUES (@repo, '')";

    public static string ClassifySymbols(bool first, long sequence) => $"""
        CREATE TEMP TABLE s_sym ON COMMIT DROP AS
            SELECT d.*, {(first ? $"nextval({sequence}::oid::regclass)" : $"CASE WHEN c.id IS NULL THEN nextval({sequence}::oid::regclass) ELSE c.id END")} AS id,
                   {(first ? "true" : "c.id IS NULL")} AS is_new,
                   {(first ? "false" : $"c.id IS NOT NULL AND ({Prefixed("c")}) IS DISTINCT FROM ({Prefixed("d")})")} AS changed
            FROM (SELECT DISTINCT ON (assembly_name COLLATE "C", symbol_key COLLATE "C")
                         seq, symbol_key, assembly_name, project, name, qualified_name, kind, file_path, line_number, column_number, end_line, end_column,
                         signature, documentation, visibility,
                         (modifiers & 1) <> 0 AS is_static, (modifiers & 2) <> 0 AS is_abstract, (modifiers & 4) <> 0 AS is_virtual,
                         (modifiers & 8) <> 0 AS is_override, (modifiers & 16) <> 0 AS is_sealed, (modifiers & 32) <> 0 AS is_async,
                         (modifiers & 64) <> 0 AS is_readonly, (modifiers & 128) <> 0 AS is_const, (modifiers & 256) <> 0 AS is_partial,
                         (modifiers & 512) <> 0 AS is_extern, (modifiers & 1024) <> 0 AS is_generic, language, is_external, assembly_version, content_hash, body_words,
                         (modifiers & 2048) <> 0 AS is_implicit
                  FROM stage_symbols ORDER BY assembly_name COLLATE "C", symbol_key COLLATE "C", seq) d
            {(first ? "" : "LEFT JOIN code_symbols c ON c.repository_id = @repo AND c.assembly_name = d.assembly_name AND c.symbol_key = d.symbol_key")};
        CREATE UNIQUE INDEX ON s_sym (id);
        ANALYZE s_sym (seq, id, assembly_name, symbol_key, is_new, changed)
        """;

    /// <summary>
    /// An external symbol's <c>project</c> is the first project, by ordinal name, whose code references it — not the first one
    /// extraction happened to reach, so that no index depends on the order projects were indexed in. Rewritten in staging before
    /// classification, so an unchanged re-index sees no change. Externals no staged edge reaches keep the extractor's value.
    /// The rest of the record (assembly version, documentation) comes from the same project: each project that references an
    /// external emits it from its own compilation, and a multi-targeted repository resolves the same type from different reference
    /// assemblies (Polly: System.Runtime 6.0.0.0 in one project, 10.0.0.0 in another), so the copies emitted by other projects are
    /// dropped — otherwise the record would be whichever copy extraction staged first.
    /// </summary>
    public const string ExternalProjects = """
        CREATE TEMP TABLE s_extproj ON COMMIT DROP AS
            SELECT e.tgt_assembly AS assembly_name, e.tgt_key AS symbol_key, min(s.project COLLATE "C") AS project
            FROM stage_edges e JOIN stage_symbols s ON s.assembly_name = e.src_assembly AND s.symbol_key = e.src_key AND NOT s.is_external
            GROUP BY 1, 2;
        ANALYZE s_extproj;
        DELETE FROM stage_symbols x USING s_extproj m
        WHERE x.is_external AND x.assembly_name = m.assembly_name AND x.symbol_key = m.symbol_key AND x.project IS DISTINCT FROM m.project
          AND EXISTS (SELECT 1 FROM stage_symbols y
                      WHERE y.is_external AND y.assembly_name = m.assembly_name AND y.symbol_key = m.symbol_key AND y.project = m.project);
        UPDATE stage_symbols x SET project = m.project
        FROM s_extproj m
        WHERE x.is_external AND x.assembly_name = m.assembly_name AND x.symbol_key = m.symbol_key AND x.project IS DISTINCT FROM m.project
        """;

    /// <summary>Delete the repository's symbols that were not staged (cascades to their locations, relationships, sites, embeddings).</summary>
    public const string DeleteMissingSymbols = """
        DELETE FROM code_symbols c WHERE c.repository_id = @repo AND NOT EXISTS (SELECT 1 FROM s_sym s WHERE s.id = c.id)
        """;

    public static readonly string UpdateChangedSymbols = $"""
        UPDATE code_symbols c SET ({ChangedColumns}) = ROW({Prefixed("s")})
        FROM s_sym s WHERE s.changed AND c.id = s.id
        """;

    public static readonly string InsertNewSymbols = $"""
        INSERT INTO code_symbols (id, repository_id, symbol_key, assembly_name, {ChangedColumns})
            SELECT id, @repo, symbol_key, assembly_name, {ChangedColumns} FROM s_sym WHERE is_new ORDER BY id
        """;

    /// <summary>Locations of first emissions (one per symbol, file, line, column).</summary>
    private const string StagedLocations = """
        SELECT DISTINCT ON (s.id, l.file_path, l.line_number, l.column_number)
               s.id AS symbol_id, l.file_path, l.line_number, l.column_number, l.end_line, l.end_column
        FROM stage_locations l JOIN s_sym s ON s.seq = l.symbol_seq
        ORDER BY s.id, l.file_path, l.line_number, l.column_number
        """;

    public const string InsertLocationsFirst = $"""
        INSERT INTO symbol_locations (symbol_id, file_path, line_number, column_number, end_line, end_column)
        {StagedLocations}
        """;

    /// <summary>Re-index: locations diffed on all six columns (only rows that differ are deleted or inserted).</summary>
    public const string ReplaceLocations = $"""
        CREATE TEMP TABLE s_loc ON COMMIT DROP AS
        {StagedLocations};
        ANALYZE s_loc;
        DELETE FROM symbol_locations l USING s_sym s
        WHERE l.symbol_id = s.id AND NOT s.is_new
          AND {LocationNotStaged};
        {InsertNewLocations}
        """;

    /// <summary>A stored location <c>l</c> that <c>s_loc</c> does not hold (compared on all six columns).</summary>
    internal const string LocationNotStaged = """
        NOT EXISTS (SELECT 1 FROM s_loc x WHERE x.symbol_id = l.symbol_id AND x.file_path = l.file_path
                    AND x.line_number = l.line_number AND x.column_number = l.column_number
                    AND x.end_line = l.end_line AND x.end_column = l.end_column)
        """;

    /// <summary>The locations of <c>s_loc</c> not stored yet.</summary>
    internal const string InsertNewLocations = """
        INSERT INTO symbol_locations (symbol_id, file_path, line_number, column_number, end_line, end_column)
            SELECT symbol_id, file_path, line_number, column_number, end_line, end_column FROM s_loc x
            WHERE NOT EXISTS (SELECT 1 FROM symbol_locations l WHERE l.symbol_id = x.symbol_id AND l.file_path = x.file_path
                              AND l.line_number = x.line_number AND l.column_number = x.column_number
                              AND l.end_line = x.end_line AND l.end_column = x.end_column)
            ORDER BY symbol_id
        """;

    /// <summary>
    /// Resolve occurrence endpoints to ids, one row per distinct site; occurrences counts the resolved ones (for dropped edges).
    /// Two occurrences of one edge at one position (rare: the walker emits one per site) fold deterministically: the smallest
    /// access, explicit over implicit, bound over candidate.
    /// </summary>
    public const string FoldSites = """
        ANALYZE stage_edges (src_assembly, src_key, tgt_assembly, tgt_key);
        CREATE TEMP TABLE s_site ON COMMIT DROP AS
            SELECT ms.id AS source_id, mt.id AS target_id, e.relationship_type, e.file_path, e.line_number, e.column_number, count(*) AS occurrences,
                   min(e.access COLLATE "C") AS access, bool_and(e.is_implicit) AS is_implicit, bool_and(e.is_candidate) AS is_candidate
            FROM stage_edges e
            JOIN s_sym ms ON ms.assembly_name = e.src_assembly AND ms.symbol_key = e.src_key
            JOIN s_sym mt ON mt.assembly_name = e.tgt_assembly AND mt.symbol_key = e.tgt_key
            GROUP BY 1, 2, 3, 4, 5, 6;
        ANALYZE s_site (source_id, target_id, relationship_type)
        """;

    /// <summary>Occurrences whose source or target symbol was not staged.</summary>
    public const string CountDroppedEdges = """
        SELECT (SELECT count(*) FROM stage_edges) - (SELECT coalesce(sum(occurrences), 0)::bigint FROM s_site)
        """;

    /// <summary>One row per (source, target, type) with the stored id (or a new one), is_new and changed (site_count differs). {0} = sequence oid.</summary>
    public static string ClassifyRelationships(bool first, long sequence) => $"""
        CREATE TEMP TABLE s_rel ON COMMIT DROP AS
            SELECT {(first ? $"nextval({sequence}::oid::regclass)" : $"CASE WHEN r.id IS NULL THEN nextval({sequence}::oid::regclass) ELSE r.id END")} AS id,
                   e.source_id, e.target_id, e.relationship_type, e.site_count,
                   {(first ? "true" : "r.id IS NULL")} AS is_new,
                   {(first ? "false" : "r.id IS NOT NULL AND r.site_count <> e.site_count")} AS changed
            FROM (SELECT source_id, target_id, relationship_type, count(file_path)::integer AS site_count
                  FROM s_site GROUP BY source_id, target_id, relationship_type) e
            {(first ? "" : "LEFT JOIN symbol_relationships r ON r.repository_id = @repo AND r.source_id = e.source_id AND r.target_id = e.target_id AND r.relationship_type = e.relationship_type")};
        CREATE UNIQUE INDEX ON s_rel (id);
        ANALYZE s_rel (id, source_id, target_id, relationship_type, is_new)
        """;

    public const string DeleteMissingRelationships = """
        DELETE FROM symbol_relationships r WHERE r.repository_id = @repo AND NOT EXISTS (SELECT 1 FROM s_rel x WHERE x.id = r.id)
        """;

    public const string UpdateChangedRelationships = """
        UPDATE symbol_relationships r SET site_count = x.site_count FROM s_rel x WHERE x.changed AND r.id = x.id
        """;

    public const string InsertNewRelationships = """
        INSERT INTO symbol_relationships (id, repository_id, source_id, target_id, relationship_type, site_count)
            SELECT id, @repo, source_id, target_id, relationship_type, site_count FROM s_rel WHERE is_new
            ORDER BY source_id, target_id
        """;

    /// <summary>Sites with their relationship's id.</summary>
    public const string MapSites = """
        CREATE TEMP TABLE s_rsite ON COMMIT DROP AS
            SELECT x.id AS relationship_id, s.file_path, s.line_number, s.column_number, s.access, s.is_implicit, s.is_candidate, x.is_new
            FROM s_site s JOIN s_rel x ON x.source_id = s.source_id AND x.target_id = s.target_id AND x.relationship_type = s.relationship_type
            WHERE s.file_path IS NOT NULL;
        ANALYZE s_rsite (relationship_id, is_new)
        """;

    public const string InsertSitesFirst = """
        INSERT INTO relationship_sites (relationship_id, file_path, line_number, column_number, access, is_implicit, is_candidate)
            SELECT relationship_id, file_path, line_number, column_number, access, is_implicit, is_candidate FROM s_rsite ORDER BY relationship_id
        """;

    /// <summary>
    /// Re-index: sites of kept relationships diffed on every column (sites of deleted relationships went with them by cascade). A
    /// site whose access or flags changed at the same position is deleted, then inserted anew (the position is the key).
    /// </summary>
    public const string ReplaceSites = $"""
        DELETE FROM relationship_sites y USING s_rel x
        WHERE y.relationship_id = x.id AND NOT x.is_new
          AND {SiteNotStaged};
        {InsertNewSites}
        """;

    /// <summary>A stored site <c>y</c> that <c>s_rsite</c> does not hold (compared on every column, access and flags included).</summary>
    internal const string SiteNotStaged = """
        NOT EXISTS (SELECT 1 FROM s_rsite z WHERE z.relationship_id = y.relationship_id AND z.file_path = y.file_path
                    AND z.line_number = y.line_number AND z.column_number = y.column_number
                    AND z.access IS NOT DISTINCT FROM y.access AND z.is_implicit = y.is_implicit AND z.is_candidate = y.is_candidate)
        """;

    /// <summary>The sites of <c>s_rsite</c> whose position is not stored (after the delete, a changed site is inserted anew).</summary>
    internal const string InsertNewSites = """
        INSERT INTO relationship_sites (relationship_id, file_path, line_number, column_number, access, is_implicit, is_candidate)
            SELECT relationship_id, file_path, line_number, column_number, access, is_implicit, is_candidate FROM s_rsite z
            WHERE NOT EXISTS (SELECT 1 FROM relationship_sites y WHERE y.relationship_id = z.relationship_id AND y.file_path = z.file_path
                              AND y.line_number = z.line_number AND y.column_number = z.column_number)
            ORDER BY relationship_id
        """;

    /// <summary>Final counts and the repository's indexed_at/last_index_stats (@stats = caller's stats JSON or null; its keys win).</summary>
    public const string Finish = """
        UPDATE repositories SET indexed_at = now(),
            last_index_stats = jsonb_build_object(
                'symbols', (SELECT count(*) FROM s_sym),
                'relationships', (SELECT count(*) FROM s_rel),
                'relationship_sites', (SELECT count(*) FROM s_rsite),
                'dropped_edges', @dropped) || coalesce(@stats::jsonb, '{}'::jsonb)
        WHERE id = @repo
        RETURNING (SELECT count(*) FROM s_sym), (SELECT count(*) FROM s_rel), (SELECT count(*) FROM s_rsite)
        """;

    /// <summary>After commit: the full-text GIN index's pending list moved into the index; returns the pending-list pages moved (0 when empty).</summary>
    public const string FlushSearchIndex = """
        SELECT gin_clean_pending_list(i) FROM to_regclass('ix_code_symbols_search_vector') AS i WHERE i IS NOT NULL
        """;

    private static string Prefixed(string alias) =>
        string.Join(", ", ChangedColumns.Split(", ").Select(c => $"{alias}.{c}"));
}
