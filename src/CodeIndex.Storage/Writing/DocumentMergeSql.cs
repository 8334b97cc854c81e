namespace CodeIndex.Storage.Writing;

/// <summary>
/// The statements that replace the rows of a set of documents (<c>@files</c>, repository-relative paths) from staging, leaving the
/// rest of the repository as it is (@repo = repository id). Staging holds what extraction of those documents emitted: the symbols
/// they declare (full records, partial declarations elsewhere included), the symbols their edges reach, and their edges.
/// </summary>
/// <remarks>
/// Rules:
/// <list type="bullet">
/// <item>A stored source symbol is <em>owned</em> by the scope when one of its declaration locations is in a scope file; a staged one
/// is written when it is owned, new, or declared in a scope file now (a stored external keeps its record).</item>
/// <item>Staged symbols are classified against the stored ones like a whole-repository merge (same ids for the same key). A staged
/// row updates its stored row only when the scope owns it or it is external: a symbol of another document is never rewritten
/// from a scope's extraction, only resolved to its id.</item>
/// <item>An owned symbol that was not staged is deleted when all its declarations were in the scope (the edges of other
/// documents into it go with it); when it is declared elsewhere too, only its locations in scope files go.</item>
/// <item>Sites in scope files are replaced by the staged ones (diffed on every column); relationships reached by staged sites
/// are found or created; site counts of every relationship that had or has a site in the scope are recomputed, and those left
/// without a site and not staged are deleted.</item>
/// <item>External symbols of the repository that no relationship references any more are deleted.</item>
/// </list>
/// Everything runs in the session's transaction under the repository's advisory lock: readers see the batch whole or not at all.
/// </remarks>
internal static class DocumentMergeSql
{
    /// <summary>Edge endpoints are looked up by key in the staged symbols (<see cref="FoldSites"/>): without this index each lookup
    /// scanned them (a 115-document scope on Polly: 24 s).</summary>
    public const string IndexStagedKeys = "CREATE INDEX ON s_sym (assembly_name, symbol_key)";

    /// <summary>Stored source symbols with a declaration in a scope file, and whether every declaration is in the scope.</summary>
    public const string Owned = """
        CREATE TEMP TABLE s_owned ON COMMIT DROP AS
            SELECT o.symbol_id AS id,
                   NOT EXISTS (SELECT 1 FROM symbol_locations x WHERE x.symbol_id = o.symbol_id AND NOT (x.file_path = ANY (@files))) AS only_scope
            FROM (SELECT DISTINCT l.symbol_id
                  FROM symbol_locations l JOIN code_symbols c ON c.id = l.symbol_id
                  WHERE l.file_path = ANY (@files) AND c.repository_id = @repo AND NOT c.is_external) o;
        CREATE UNIQUE INDEX ON s_owned (id);
        ANALYZE s_owned
        """;

    /// <summary>Endpoints of relationships the write removes (here: those of symbols about to vanish; <see cref="Recount"/> adds
    /// its own): only they can leave an external or implicit symbol unreferenced or change an external's <c>project</c>.</summary>
    public const string CaptureVanishedEdges = """
        CREATE TEMP TABLE s_gone ON COMMIT DROP AS
            SELECT r.source_id, r.target_id FROM symbol_relationships r JOIN s_owned o ON r.source_id = o.id
            WHERE o.only_scope AND NOT EXISTS (SELECT 1 FROM s_sym s WHERE s.id = o.id)
            UNION ALL
            SELECT r.source_id, r.target_id FROM symbol_relationships r JOIN s_owned o ON r.target_id = o.id
            WHERE o.only_scope AND NOT EXISTS (SELECT 1 FROM s_sym s WHERE s.id = o.id)
        """;

    /// <summary>Owned symbols the scope no longer declares anywhere; their keys go to <c>embedding_changes</c> (the row count is the
    /// deleted count).</summary>
    public const string DeleteVanished = """
        WITH d AS (
            DELETE FROM code_symbols c USING s_owned o
            WHERE c.id = o.id AND o.only_scope AND NOT EXISTS (SELECT 1 FROM s_sym s WHERE s.id = o.id)
            RETURNING c.symbol_key)
        INSERT INTO embedding_changes (repository_id, symbol_key) SELECT @repo, symbol_key FROM d
        """;

    public const string DropScopeLocationsOfUnstaged = """
        DELETE FROM symbol_locations l USING s_owned o
        WHERE l.symbol_id = o.id AND NOT o.only_scope AND l.file_path = ANY (@files)
          AND NOT EXISTS (SELECT 1 FROM s_sym s WHERE s.id = o.id)
        """;

    /// <summary>Staged symbols the scope may write: new ones, owned ones, and those the scope declares now (a namespace or partial
    /// type that a new file adds a declaration to). A stored external is not rewritten: its record (assembly version, docs) comes
    /// from the compilation of whichever project emitted it, and a scope's project is not the one a full index would have used
    /// (Polly multi-targets: the same System.Runtime type is 6.0.0.0 in one project and 10.0.0.0 in another). The keys of the
    /// source symbols it inserts or changes go to <c>embedding_changes</c>, so the embedding step prepares only those.</summary>
    public const string Writable = """
        CREATE TEMP TABLE s_write ON COMMIT DROP AS
            SELECT s.id FROM s_sym s
            WHERE s.is_new OR EXISTS (SELECT 1 FROM s_owned o WHERE o.id = s.id)
               OR EXISTS (SELECT 1 FROM stage_locations l WHERE l.symbol_seq = s.seq AND l.file_path = ANY (@files));
        CREATE UNIQUE INDEX ON s_write (id);
        ANALYZE s_write;
        INSERT INTO embedding_changes (repository_id, symbol_key)
            SELECT @repo, s.symbol_key FROM s_sym s JOIN s_write w ON w.id = s.id WHERE s.is_new OR s.changed
        """;

    public static readonly string UpdateChanged = MergeSql.UpdateChangedSymbols + " AND EXISTS (SELECT 1 FROM s_write w WHERE w.id = s.id)";

    /// <summary>Locations of writable staged symbols diffed on all six columns.</summary>
    public const string ReplaceLocations = $"""
        CREATE TEMP TABLE s_loc ON COMMIT DROP AS
            SELECT DISTINCT ON (s.id, l.file_path, l.line_number, l.column_number)
                   s.id AS symbol_id, l.file_path, l.line_number, l.column_number, l.end_line, l.end_column
            FROM stage_locations l JOIN s_sym s ON s.seq = l.symbol_seq JOIN s_write w ON w.id = s.id
            ORDER BY s.id, l.file_path, l.line_number, l.column_number;
        ANALYZE s_loc;
        DELETE FROM symbol_locations l USING s_write w
        WHERE l.symbol_id = w.id AND {MergeSql.LocationNotStaged};
        {MergeSql.InsertNewLocations}
        """;

    /// <summary>
    /// <see cref="MergeSql.FoldSites"/> for a scope: an endpoint resolves to its staged row, else to the stored symbol of that key
    /// (a scope's edges reach symbols of other documents that its batches need not carry).
    /// </summary>
    public const string FoldSites = """
        ANALYZE stage_edges (src_assembly, src_key, tgt_assembly, tgt_key);
        CREATE TEMP TABLE s_site ON COMMIT DROP AS
            SELECT src.id AS source_id, tgt.id AS target_id, e.relationship_type, e.file_path, e.line_number, e.column_number, count(*) AS occurrences,
                   min(e.access COLLATE "C") AS access, bool_and(e.is_implicit) AS is_implicit, bool_and(e.is_candidate) AS is_candidate
            FROM stage_edges e
            CROSS JOIN LATERAL (SELECT coalesce(
                (SELECT m.id FROM s_sym m WHERE m.assembly_name = e.src_assembly AND m.symbol_key = e.src_key),
                (SELECT c.id FROM code_symbols c WHERE c.repository_id = @repo AND c.assembly_name = e.src_assembly AND c.symbol_key = e.src_key)) AS id) src
            CROSS JOIN LATERAL (SELECT coalesce(
                (SELECT m.id FROM s_sym m WHERE m.assembly_name = e.tgt_assembly AND m.symbol_key = e.tgt_key),
                (SELECT c.id FROM code_symbols c WHERE c.repository_id = @repo AND c.assembly_name = e.tgt_assembly AND c.symbol_key = e.tgt_key)) AS id) tgt
            WHERE src.id IS NOT NULL AND tgt.id IS NOT NULL
            GROUP BY 1, 2, 3, 4, 5, 6;
        ANALYZE s_site (source_id, target_id, relationship_type)
        """;

    /// <summary>One row per staged (source, target, type): the stored relationship's id or a new one from the sequence ({0}).</summary>
    public static string StagedRelationships(long sequence) => $"""
        CREATE TEMP TABLE s_rel ON COMMIT DROP AS
            SELECT CASE WHEN r.id IS NULL THEN nextval({sequence}::oid::regclass) ELSE r.id END AS id,
                   k.source_id, k.target_id, k.relationship_type, r.id IS NULL AS is_new
            FROM (SELECT DISTINCT source_id, target_id, relationship_type FROM s_site) k
            LEFT JOIN symbol_relationships r ON r.repository_id = @repo AND r.source_id = k.source_id
                                            AND r.target_id = k.target_id AND r.relationship_type = k.relationship_type;
        CREATE UNIQUE INDEX ON s_rel (id);
        ANALYZE s_rel
        """;

    public const string InsertNewRelationships = """
        INSERT INTO symbol_relationships (id, repository_id, source_id, target_id, relationship_type, site_count)
            SELECT id, @repo, source_id, target_id, relationship_type, 0 FROM s_rel WHERE is_new ORDER BY source_id, target_id
        """;

    /// <summary>Relationships whose sites the scope replaces (those with a stored site in a scope file, and the staged ones), with their targets.</summary>
    public const string Touched = """
        CREATE TEMP TABLE s_touched ON COMMIT DROP AS
            SELECT y.relationship_id AS id, r.target_id FROM relationship_sites y
            JOIN symbol_relationships r ON r.id = y.relationship_id AND r.repository_id = @repo
            WHERE y.file_path = ANY (@files)
            UNION
            SELECT id, target_id FROM s_rel;
        ANALYZE s_touched
        """;

    public const string ReplaceSites = $"""
        DELETE FROM relationship_sites y USING s_touched t
        WHERE y.relationship_id = t.id AND y.file_path = ANY (@files) AND {MergeSql.SiteNotStaged};
        {MergeSql.InsertNewSites}
        """;

    /// <summary>Site counts of touched relationships; those left without a site and not staged go (their endpoints into s_gone).</summary>
    public const string Recount = """
        UPDATE symbol_relationships r SET site_count = n.sites
        FROM (SELECT t.id, count(y.relationship_id)::integer AS sites
              FROM s_touched t LEFT JOIN relationship_sites y ON y.relationship_id = t.id GROUP BY t.id) n
        WHERE r.id = n.id AND r.site_count <> n.sites;
        WITH gone AS (
            DELETE FROM symbol_relationships r USING s_touched t
            WHERE r.id = t.id AND r.site_count = 0 AND NOT EXISTS (SELECT 1 FROM s_rel k WHERE k.id = r.id)
            RETURNING r.source_id, r.target_id)
        INSERT INTO s_gone SELECT source_id, target_id FROM gone
        """;

    /// <summary>
    /// The <c>project</c> of externals whose set of referencing relationships changed (one created, or one removed: <c>s_gone</c>):
    /// the first referencing project by ordinal name over every stored edge into them, the rule of
    /// <see cref="MergeSql.ExternalProjects"/>. A relationship that stays keeps its source's project among the referencing ones, so
    /// no other external can change. Staged externals keep their stored project until then (a scope sees only its own references).
    /// </summary>
    public const string ExternalProjects = """
        UPDATE code_symbols c SET project = m.project
        FROM (SELECT r.target_id AS id, min(s.project COLLATE "C") AS project
              FROM symbol_relationships r JOIN code_symbols s ON s.id = r.source_id AND NOT s.is_external
              WHERE r.target_id IN (SELECT g.target_id FROM s_gone g UNION SELECT k.target_id FROM s_rel k WHERE k.is_new)
              GROUP BY 1) m
        WHERE c.id = m.id AND c.is_external AND c.project IS DISTINCT FROM m.project
        """;

    /// <summary>Staged externals that exist keep their stored project (see <see cref="ExternalProjects"/>), so it does not count as a change.</summary>
    public const string KeepExternalProjects = """
        UPDATE stage_symbols x SET project = c.project
        FROM code_symbols c
        WHERE x.is_external AND c.repository_id = @repo AND c.assembly_name = x.assembly_name AND c.symbol_key = x.symbol_key
          AND x.project IS DISTINCT FROM c.project
        """;

    /// <summary>External and compiler-implicit symbols no relationship references any more (they exist only because code pointed at
    /// them); only endpoints of removed relationships (<c>s_gone</c>) can have become so.</summary>
    public const string DeleteOrphanExternals = """
        WITH d AS (
            DELETE FROM code_symbols c
            USING (SELECT source_id AS id FROM s_gone UNION SELECT target_id FROM s_gone) g
            WHERE c.id = g.id AND c.repository_id = @repo AND (c.is_external OR c.is_implicit)
              AND NOT EXISTS (SELECT 1 FROM symbol_relationships r WHERE r.target_id = c.id)
              AND NOT EXISTS (SELECT 1 FROM symbol_relationships r WHERE r.source_id = c.id)
            RETURNING c.symbol_key)
        INSERT INTO embedding_changes (repository_id, symbol_key) SELECT @repo, symbol_key FROM d
        """;

    public const string Counts = """
        SELECT (SELECT count(*) FROM s_sym), (SELECT count(*) FROM s_rel), (SELECT count(*) FROM s_rsite)
        """;
}
