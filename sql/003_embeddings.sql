-- 003: symbol embeddings (pgvector, primary) and the durable outbox that feeds ChromaDB (secondary).
-- Vectors live in a dimensionless `vector` column together with the model id and dimension that produced them;
-- the tool creates one HNSW expression index per model, ((embedding::vector(N))) with cosine distance, at start-up.

-- The models whose vectors this database holds. A model whose dimension differs from the stored one is refused at
-- start-up with instructions (switching models re-embeds).
CREATE TABLE IF NOT EXISTS embedding_models (
    model_id   text PRIMARY KEY,
    dimension  integer NOT NULL CHECK (dimension > 0),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Vectors by (model, hash of the embedded text): re-indexing unchanged code computes zero new embeddings,
-- and identical texts (overloads, re-indexed repositories) share one computation.
CREATE TABLE IF NOT EXISTS embedding_cache (
    model_id   text NOT NULL REFERENCES embedding_models (model_id) ON DELETE CASCADE,
    text_hash  text NOT NULL,
    embedding  vector NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model_id, text_hash)
);

-- What each symbol's embedding is made of, and the vector once computed (NULL = awaiting embedding).
CREATE TABLE IF NOT EXISTS symbol_embeddings (
    symbol_id     bigint PRIMARY KEY REFERENCES code_symbols (id) ON DELETE CASCADE,
    repository_id bigint NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    model_id      text NOT NULL REFERENCES embedding_models (model_id) ON DELETE CASCADE,
    -- ChromaDB document id: the symbol_key, or symbol_key@assembly_name when the key occurs in several assemblies.
    document_id   text NOT NULL,
    text_hash     text NOT NULL,
    embedded_text text NOT NULL,
    dimension     integer,
    embedding     vector,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (embedding IS NULL OR vector_dims(embedding) = dimension)
);
CREATE INDEX IF NOT EXISTS ix_symbol_embeddings_pending ON symbol_embeddings (repository_id) WHERE embedding IS NULL;
CREATE INDEX IF NOT EXISTS ix_symbol_embeddings_repo_model ON symbol_embeddings (repository_id, model_id);

-- Durable outbox for ChromaDB: written in the same transaction as the PostgreSQL change, drained asynchronously
-- with retries and backoff. Upserts read the current vector, text and metadata at drain time, so a row is never stale.
CREATE TABLE IF NOT EXISTS chroma_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    repository_id   bigint NOT NULL,
    model_id        text NOT NULL,
    operation       text NOT NULL CHECK (operation IN ('upsert', 'delete')),
    document_id     text NOT NULL,
    symbol_id       bigint,
    enqueued_at     timestamptz NOT NULL DEFAULT now(),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text
);
CREATE INDEX IF NOT EXISTS ix_chroma_outbox_due ON chroma_outbox (next_attempt_at, id);
CREATE INDEX IF NOT EXISTS ix_chroma_outbox_repository ON chroma_outbox (repository_id, model_id);

-- Repositories whose vectors are mirrored to ChromaDB (set when an index run has a Chroma URL configured).
ALTER TABLE repositories ADD COLUMN IF NOT EXISTS chroma_enabled boolean NOT NULL DEFAULT false;

-- A symbol's embedding row disappears (symbol removed, repository removed): queue the Chroma delete in the same transaction.
CREATE OR REPLACE FUNCTION codeindex_enqueue_chroma_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM repositories r WHERE r.id = OLD.repository_id AND r.chroma_enabled) THEN
        INSERT INTO chroma_outbox (repository_id, model_id, operation, document_id, symbol_id)
        VALUES (OLD.repository_id, OLD.model_id, 'delete', OLD.document_id, NULL);
    END IF;
    RETURN OLD;
END $$;
DROP TRIGGER IF EXISTS trg_symbol_embeddings_chroma_delete ON symbol_embeddings;
CREATE TRIGGER trg_symbol_embeddings_chroma_delete AFTER DELETE ON symbol_embeddings
    FOR EACH ROW EXECUTE FUNCTION codeindex_enqueue_chroma_delete();
