namespace CodeIndex.Vectors.Pipeline;

/// <summary>Set-based statements of the embedding pipeline (@repo = repository id, @model = model id, @chroma = mirror to ChromaDB).</summary>
internal static class PipelineSql
{
    /// <summary>Embeddable symbols with their Chroma document id (symbol_key, or symbol_key@assembly when the key occurs in several assemblies).</summary>
    public const string ReadSymbols = """
        SELECT id, kind, name, qualified_name, signature, documentation,
               CASE WHEN count(*) OVER (PARTITION BY symbol_key) > 1 THEN symbol_key || '@' || assembly_name ELSE symbol_key END
        FROM code_symbols
        WHERE repository_id = @repo AND NOT is_external AND kind <> 'namespace'
        """;

    /// <summary><see cref="ReadSymbols"/> for the symbols with a key in @keys (every assembly, so the document id's rule sees each
    /// symbol sharing a key).</summary>
    public const string ReadSymbolsOfKeys = """
        SELECT id, kind, name, qualified_name, signature, documentation,
               CASE WHEN count(*) OVER (PARTITION BY symbol_key) > 1 THEN symbol_key || '@' || assembly_name ELSE symbol_key END
        FROM code_symbols
        WHERE repository_id = @repo AND NOT is_external AND kind <> 'namespace' AND symbol_key = ANY (@keys)
        """;

    /// <summary>The keys graph writes logged since the last prepare, deleted in the prepare's transaction.</summary>
    public const string ClaimChanges = """
        WITH c AS (DELETE FROM embedding_changes WHERE repository_id = @repo RETURNING symbol_key)
        SELECT DISTINCT symbol_key FROM c
        """;

    /// <summary>A repository never prepared, or prepared for another model, needs a whole-repository prepare whatever the log says.</summary>
    public const string NeedsWholeRepository = """
        SELECT NOT EXISTS (SELECT 1 FROM symbol_embeddings WHERE repository_id = @repo)
            OR EXISTS (SELECT 1 FROM symbol_embeddings WHERE repository_id = @repo AND model_id <> @model)
        """;

    public const string CreateStage = """
        CREATE TEMP TABLE stage_embed (symbol_id bigint PRIMARY KEY, document_id text NOT NULL, text_hash text NOT NULL, embedded_text text NOT NULL) ON COMMIT DROP
        """;

    public const string CopyStage = "COPY stage_embed (symbol_id, document_id, text_hash, embedded_text) FROM STDIN (FORMAT BINARY)";

    public const string ChromaEnabled = "SELECT chroma_enabled FROM repositories WHERE id = @repo";

    /// <summary>Rows whose symbol is no longer embeddable (symbols that are gone were removed by cascade); the trigger queues Chroma deletes.</summary>
    public const string DeleteStale = """
        DELETE FROM symbol_embeddings e
        WHERE e.repository_id = @repo AND NOT EXISTS (SELECT 1 FROM stage_embed s WHERE s.symbol_id = e.symbol_id)
        """;

    /// <summary><see cref="DeleteStale"/> among the symbols with a key in @keys.</summary>
    public const string DeleteStaleOfKeys = """
        DELETE FROM symbol_embeddings e USING code_symbols c
        WHERE e.repository_id = @repo AND c.id = e.symbol_id AND c.symbol_key = ANY (@keys)
          AND NOT EXISTS (SELECT 1 FROM stage_embed s WHERE s.symbol_id = e.symbol_id)
        """;

    /// <summary>A stored vector whose document id or model changes: delete the old Chroma document (the new one is upserted below).</summary>
    public const string QueueMovedDeletes = """
        INSERT INTO chroma_outbox (repository_id, model_id, operation, document_id, symbol_id)
        SELECT e.repository_id, e.model_id, 'delete', e.document_id, NULL
        FROM symbol_embeddings e JOIN stage_embed s ON s.symbol_id = e.symbol_id
        WHERE @chroma AND e.repository_id = @repo AND e.embedding IS NOT NULL AND (e.document_id <> s.document_id OR e.model_id <> @model)
        """;

    /// <summary>Insert new rows, update changed ones (vector kept only when model and text hash are unchanged); returns (kept, reset) counts of touched rows.</summary>
    public const string Upsert = """
        WITH up AS (
            INSERT INTO symbol_embeddings AS e (symbol_id, repository_id, model_id, document_id, text_hash, embedded_text)
            SELECT s.symbol_id, @repo, @model, s.document_id, s.text_hash, s.embedded_text
            FROM stage_embed s JOIN code_symbols c ON c.id = s.symbol_id
            ON CONFLICT (symbol_id) DO UPDATE SET
                model_id = excluded.model_id,
                document_id = excluded.document_id,
                text_hash = excluded.text_hash,
                embedded_text = excluded.embedded_text,
                embedding = CASE WHEN e.text_hash = excluded.text_hash AND e.model_id = excluded.model_id THEN e.embedding END,
                dimension = CASE WHEN e.text_hash = excluded.text_hash AND e.model_id = excluded.model_id THEN e.dimension END,
                updated_at = now()
            WHERE e.text_hash <> excluded.text_hash OR e.model_id <> excluded.model_id
               OR e.document_id <> excluded.document_id OR e.embedded_text <> excluded.embedded_text
            RETURNING e.symbol_id, e.document_id, e.embedding IS NOT NULL AS kept),
        queued AS (
            INSERT INTO chroma_outbox (repository_id, model_id, operation, document_id, symbol_id)
            SELECT @repo, @model, 'upsert', document_id, symbol_id FROM up WHERE kept AND @chroma)
        SELECT (SELECT count(*) FROM stage_embed)::int, count(*) FILTER (WHERE kept)::int, count(*) FILTER (WHERE NOT kept)::int FROM up
        """;

    /// <summary>Changed rows whose (model, text hash) is cached get the cached vector.</summary>
    public const string FillFromCache = """
        WITH filled AS (
            UPDATE symbol_embeddings e SET embedding = c.embedding, dimension = vector_dims(c.embedding), updated_at = now()
            FROM embedding_cache c
            WHERE e.repository_id = @repo AND e.model_id = @model AND e.embedding IS NULL AND c.model_id = @model AND c.text_hash = e.text_hash
            RETURNING e.symbol_id, e.document_id),
        queued AS (
            INSERT INTO chroma_outbox (repository_id, model_id, operation, document_id, symbol_id)
            SELECT @repo, @model, 'upsert', document_id, symbol_id FROM filled WHERE @chroma)
        SELECT count(*)::int FROM filled
        """;

    /// <summary>Embeddable symbols without a vector: rows awaiting embedding and symbols not prepared yet (indexed after the last run).</summary>
    public const string PendingCount = """
        SELECT count(*)::int FROM code_symbols c LEFT JOIN symbol_embeddings e ON e.symbol_id = c.id
        WHERE c.repository_id = @repo AND NOT c.is_external AND c.kind <> 'namespace' AND e.embedding IS NULL
        """;

    /// <summary>Embeddable symbols of the repository, and those of them without a vector (<see cref="PendingCount"/>).</summary>
    public const string Counts = """
        SELECT count(*)::int, count(*) FILTER (WHERE e.embedding IS NULL)::int
        FROM code_symbols c LEFT JOIN symbol_embeddings e ON e.symbol_id = c.id
        WHERE c.repository_id = @repo AND NOT c.is_external AND c.kind <> 'namespace'
        """;

    /// <summary>One page of distinct pending texts, shortest first (similar lengths batch well), after the key (@len, @hash).</summary>
    public const string PendingPage = """
        SELECT text_hash, embedded_text, len FROM (
            SELECT DISTINCT ON (text_hash) text_hash, embedded_text, length(embedded_text) AS len
            FROM symbol_embeddings
            WHERE repository_id = @repo AND model_id = @model AND embedding IS NULL
            ORDER BY text_hash) p
        WHERE (len, text_hash) > (@len, @hash)
        ORDER BY len, text_hash
        LIMIT @limit
        """;

    public const string CreateVectorStage = "CREATE TEMP TABLE stage_vectors (text_hash text PRIMARY KEY, embedding vector NOT NULL) ON COMMIT DROP";

    public const string CopyVectors = "COPY stage_vectors (text_hash, embedding) FROM STDIN (FORMAT BINARY)";

    /// <summary>Caches a batch of computed vectors.</summary>
    public const string CacheVectors = """
        INSERT INTO embedding_cache (model_id, text_hash, embedding)
        SELECT @model, text_hash, embedding FROM stage_vectors
        ON CONFLICT (model_id, text_hash) DO NOTHING
        """;

    /// <summary>Fills every pending row whose hash is in the batch; returns rows filled.</summary>
    public const string FillFromBatch = """
        WITH filled AS (
            UPDATE symbol_embeddings e SET embedding = v.embedding, dimension = @dim, updated_at = now()
            FROM stage_vectors v
            WHERE e.repository_id = @repo AND e.model_id = @model AND e.embedding IS NULL AND e.text_hash = v.text_hash
            RETURNING e.symbol_id, e.document_id),
        queued AS (
            INSERT INTO chroma_outbox (repository_id, model_id, operation, document_id, symbol_id)
            SELECT @repo, @model, 'upsert', document_id, symbol_id FROM filled WHERE @chroma)
        SELECT count(*)::int FROM filled
        """;
}
