-- 006: full-text search over identifier words, doc summaries and signatures.
-- A STORED generated column, so every writer (COPY merge, tests, future writers) keeps it current without code changes;
-- it is recomputed only when a row is inserted or updated (unchanged symbols are never touched by the merge).
-- Idempotent: every statement can run again on an existing database.

-- Identifier words: camelCase, PascalCase, acronyms, digits and separators (GetHTTPClient2_async → "get http client 2 async").
-- Same rule as CodeIndex.Vectors.Text.IdentifierWords, done in SQL because the column is computed by the server.
CREATE OR REPLACE FUNCTION codeindex_identifier_words(identifier text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT btrim(lower(
        regexp_replace(
        regexp_replace(
        regexp_replace(
        regexp_replace(identifier,
            '([[:lower:]])(?=[[:upper:]])', '\1 ', 'g'),                                   -- getUser → get User
            '([[:upper:]])(?=[[:upper:]][[:lower:]])', '\1 ', 'g'),                        -- HTTPClient → HTTP Client
            '([[:alpha:]](?=[[:digit:]])|[[:digit:]](?=[[:alpha:]]))', '\1 ', 'g'),        -- Base64 → Base 64, Utf8Json → Utf 8 Json
            '[^[:alnum:]]+', ' ', 'g')))                                                   -- separators, generics, punctuation
$$;

-- Words of the type that declares a member (the qualified name's segment before the member's name); '' for types and namespaces.
CREATE OR REPLACE FUNCTION codeindex_container_words(qualified_name text, name text, kind text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN kind IN ('namespace', 'class', 'struct', 'record', 'record_struct', 'interface', 'enum', 'delegate') THEN ''
        WHEN right(qualified_name, length(name) + 1) = '.' || name
            THEN codeindex_identifier_words(substring(left(qualified_name, length(qualified_name) - length(name) - 1) FROM '([^.]*)$'))
        ELSE ''
    END
$$;

-- Weights (the search query ranks them with per-weight factors): A = name words and the whole name, B = doc summary,
-- C = declaring type's words. Signatures are left out: they add noise to lexical matching (long parameter lists) and were
-- the most expensive part to compute (measured: about a third of the column's cost).
ALTER TABLE code_symbols ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, coalesce(codeindex_identifier_words(name), '') || ' ' || lower(name)), 'A')
    || setweight(to_tsvector('english'::regconfig, left(coalesce(documentation, ''), 2000)), 'B')
    || setweight(to_tsvector('english'::regconfig, codeindex_container_words(qualified_name, name, kind)), 'C')
) STORED;

CREATE INDEX IF NOT EXISTS ix_code_symbols_search_vector ON code_symbols USING gin (search_vector);
