-- 004: removing a repository queues the drop of its ChromaDB collections.
-- The per-row delete trigger of 003 cannot do it: when a repository is deleted its cascaded symbol_embeddings rows are
-- deleted after the repository row, so that trigger no longer sees a chroma_enabled repository and queues nothing.
-- One 'delete' row per model is enough: the drain deletes the whole collection of a repository that no longer exists.
CREATE OR REPLACE FUNCTION codeindex_enqueue_chroma_repository_drop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.chroma_enabled THEN
        INSERT INTO chroma_outbox (repository_id, model_id, operation, document_id, symbol_id)
        SELECT DISTINCT OLD.id, se.model_id, 'delete', '(repository removed)', NULL::bigint
        FROM symbol_embeddings se WHERE se.repository_id = OLD.id;
    END IF;
    RETURN OLD;
END $$;
DROP TRIGGER IF EXISTS trg_repositories_chroma_drop ON repositories;
CREATE TRIGGER trg_repositories_chroma_drop BEFORE DELETE ON repositories
    FOR EACH ROW EXECUTE FUNCTION codeindex_enqueue_chroma_repository_drop();
