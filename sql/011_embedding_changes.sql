-- 011: which symbols' embedding texts may have changed since the embedding pipeline last prepared a repository.
-- embedding_changes: an append-only log written in the same transaction as the graph. A document-scoped write (the watch, `index`
--   of one project) appends the symbol_key of every symbol it wrote, deleted or swept; a whole-repository write appends one row
--   with the empty key, which means "every symbol". The embedding pipeline's prepare step claims the rows it sees (deletes them
--   in its own transaction) and prepares only the symbols with those keys (every assembly: a key shared by several assemblies
--   decides the Chroma document id of each), so a batch of the watch costs its own symbols, not the repository's. A crash between
--   the graph commit and the prepare leaves the rows for the next run; a failed prepare rolls its claim back.
--   No unique key on purpose: a write only inserts, so it never waits for a prepare that is claiming the same key.
-- Idempotent: every statement can run again on an existing database.

CREATE TABLE IF NOT EXISTS embedding_changes (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    repository_id bigint NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    symbol_key    text   NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_embedding_changes_repository ON embedding_changes (repository_id);

-- Repositories indexed before this migration get one full prepare.
INSERT INTO embedding_changes (repository_id, symbol_key)
SELECT r.id, '' FROM repositories r
WHERE NOT EXISTS (SELECT 1 FROM embedding_changes c WHERE c.repository_id = r.id);
