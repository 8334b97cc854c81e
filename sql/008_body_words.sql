-- 008: full-text search also reads a member's body words (identifiers its body uses, string literal contents, comments:
-- CodeIndex.Extraction.Records.BodyWords), as weight D. Undocumented methods become findable by what they do, and a pasted
-- error message or setting name finds the code that contains it.
-- Idempotent: every statement can run again on an existing database.

ALTER TABLE code_symbols ADD COLUMN IF NOT EXISTS body_words text;

-- PostgreSQL 15 cannot change a generated column's expression: drop and re-add search_vector once (its GIN index goes with
-- it). Rows stored before this migration have no body words until their repository is indexed again (the writer's merge
-- sees body_words differ and updates them; their embeddings are unaffected).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = current_schema() AND table_name = 'code_symbols' AND column_name = 'search_vector'
                     AND generation_expression LIKE '%body_words%') THEN
        ALTER TABLE code_symbols DROP COLUMN IF EXISTS search_vector;
        -- A = name words and the whole name, B = doc summary, C = declaring type's words (as in 006), D = body words.
        ALTER TABLE code_symbols ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english'::regconfig, coalesce(codeindex_identifier_words(name), '') || ' ' || lower(name)), 'A')
            || setweight(to_tsvector('english'::regconfig, left(coalesce(documentation, ''), 2000)), 'B')
            || setweight(to_tsvector('english'::regconfig, codeindex_container_words(qualified_name, name, kind)), 'C')
            || setweight(to_tsvector('english'::regconfig, coalesce(codeindex_identifier_words(left(body_words, 4000)), '')), 'D')
        ) STORED;
    END IF;
END $$;

CREATE INDEX IF NOT EXISTS ix_code_symbols_search_vector ON code_symbols USING gin (search_vector);

-- The lexeme counters of 007 (df of the full-text IDF) follow the new vectors: recount, with writers held off.
LOCK TABLE code_symbols IN SHARE ROW EXCLUSIVE MODE;
DELETE FROM search_lexeme_counts;
INSERT INTO search_lexeme_counts (repository_id, lexeme, documents)
SELECT s.repository_id, w.lexeme, count(*)
FROM code_symbols s CROSS JOIN LATERAL unnest(tsvector_to_array(s.search_vector)) AS w(lexeme)
WHERE NOT s.is_external GROUP BY s.repository_id, w.lexeme;
