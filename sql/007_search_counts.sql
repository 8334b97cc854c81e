-- 007: counters that let a search read corpus statistics instead of counting rows on every query.
-- search_symbol_counts: source and embeddable symbols per repository (N of the full-text IDF; "N symbols await embedding").
-- search_lexeme_counts: per repository and lexeme of code_symbols.search_vector, how many source symbols contain it (df of the IDF).
-- search_embedding_counts: per repository and model, stored vectors, and how many of them belong to symbols that are not
-- embeddable (external or namespace: the embedding pipeline deletes such rows, so this is normally 0).
-- Statement-level AFTER triggers with transition tables keep them exact inside the writer's transaction: one COPY or merge
-- statement changes each counter once, whatever its row count, and updated rows whose counted columns did not change cost
-- no counting. Idempotent: every statement can run again on an existing database (the counters are recomputed).

CREATE TABLE IF NOT EXISTS search_symbol_counts (
    repository_id      bigint PRIMARY KEY REFERENCES repositories (id) ON DELETE CASCADE,
    source_symbols     bigint NOT NULL,
    embeddable_symbols bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS search_lexeme_counts (
    repository_id bigint NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    lexeme        text NOT NULL,
    documents     bigint NOT NULL,
    PRIMARY KEY (lexeme, repository_id)
);

CREATE TABLE IF NOT EXISTS search_embedding_counts (
    repository_id  bigint NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    model_id       text NOT NULL REFERENCES embedding_models (model_id) ON DELETE CASCADE,
    vectors        bigint NOT NULL,
    orphan_vectors bigint NOT NULL,
    PRIMARY KEY (repository_id, model_id)
);

-- Signed deltas of one statement, per repository. Rows of repositories that no longer exist are skipped (their counters
-- went with them by cascade). Keys are sorted so that concurrent writers lock counter rows in one order.
CREATE OR REPLACE FUNCTION codeindex_add_symbol_counts(repos bigint[], sources bigint[], embeddables bigint[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO search_symbol_counts AS t (repository_id, source_symbols, embeddable_symbols)
    SELECT d.r, d.s, d.e FROM unnest(repos, sources, embeddables) AS d(r, s, e)
    WHERE EXISTS (SELECT 1 FROM repositories x WHERE x.id = d.r)
    ORDER BY d.r
    ON CONFLICT (repository_id) DO UPDATE SET
        source_symbols = t.source_symbols + excluded.source_symbols,
        embeddable_symbols = t.embeddable_symbols + excluded.embeddable_symbols
$$;

-- Gains insert or add; losses subtract from existing rows, and lexemes no symbol contains any more are deleted.
CREATE OR REPLACE FUNCTION codeindex_add_lexeme_counts(repos bigint[], lexemes text[], deltas bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    zero_repos bigint[];
    zero_lexemes text[];
BEGIN
    INSERT INTO search_lexeme_counts AS t (repository_id, lexeme, documents)
    SELECT d.r, d.l, d.n FROM unnest(repos, lexemes, deltas) AS d(r, l, n)
    WHERE d.n > 0 AND EXISTS (SELECT 1 FROM repositories x WHERE x.id = d.r)
    ORDER BY d.r, d.l
    ON CONFLICT (repository_id, lexeme) DO UPDATE SET documents = t.documents + excluded.documents;

    WITH lost AS (
        UPDATE search_lexeme_counts t SET documents = t.documents + d.n
        FROM unnest(repos, lexemes, deltas) AS d(r, l, n)
        WHERE d.n < 0 AND t.repository_id = d.r AND t.lexeme = d.l
        RETURNING t.repository_id, t.lexeme, t.documents)
    SELECT array_agg(lost.repository_id), array_agg(lost.lexeme) INTO zero_repos, zero_lexemes FROM lost WHERE lost.documents <= 0;

    IF zero_repos IS NOT NULL THEN
        DELETE FROM search_lexeme_counts t USING unnest(zero_repos, zero_lexemes) AS z(r, l)
        WHERE t.repository_id = z.r AND t.lexeme = z.l AND t.documents <= 0;
    END IF;
END $$;

CREATE OR REPLACE FUNCTION codeindex_add_embedding_counts(repos bigint[], models text[], deltas bigint[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO search_embedding_counts AS t (repository_id, model_id, vectors, orphan_vectors)
    SELECT d.r, d.m, d.n, 0 FROM unnest(repos, models, deltas) AS d(r, m, n)
    WHERE EXISTS (SELECT 1 FROM repositories x WHERE x.id = d.r) AND EXISTS (SELECT 1 FROM embedding_models x WHERE x.model_id = d.m)
    ORDER BY d.r, d.m
    ON CONFLICT (repository_id, model_id) DO UPDATE SET vectors = t.vectors + excluded.vectors
$$;

-- Recounts orphan_vectors of these repositories. Needed only when a symbol that has a vector changes embeddability, a vector
-- is stored for a symbol that is not embeddable, or vectors change while orphans exist: normally never.
CREATE OR REPLACE FUNCTION codeindex_recount_orphan_vectors(repos bigint[]) RETURNS void
LANGUAGE sql AS $$
    UPDATE search_embedding_counts t SET orphan_vectors = (
        SELECT count(*) FROM symbol_embeddings e JOIN code_symbols c ON c.id = e.symbol_id
        WHERE e.repository_id = t.repository_id AND e.model_id = t.model_id AND e.embedding IS NOT NULL
          AND (c.is_external OR c.kind = 'namespace'))
    WHERE t.repository_id = ANY (repos)
$$;

-- code_symbols: +1 per new row version, -1 per old one; in an UPDATE, rows whose counted columns did not change cancel out.
CREATE OR REPLACE FUNCTION codeindex_count_symbols() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r bigint[]; s bigint[]; e bigint[]; lr bigint[]; l text[]; n bigint[];
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM search_symbol_counts;
        DELETE FROM search_lexeme_counts;
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(d.repository_id), array_agg(d.src), array_agg(d.emb) INTO r, s, e FROM (
            SELECT x.repository_id, count(*) FILTER (WHERE NOT x.is_external) AS src,
                   count(*) FILTER (WHERE NOT x.is_external AND x.kind <> 'namespace') AS emb
            FROM new_symbols x GROUP BY x.repository_id) d;
        SELECT array_agg(d.repository_id), array_agg(d.lexeme), array_agg(d.docs) INTO lr, l, n FROM (
            SELECT x.repository_id, w.lexeme, count(*) AS docs
            FROM new_symbols x CROSS JOIN LATERAL unnest(tsvector_to_array(x.search_vector)) AS w(lexeme)
            WHERE NOT x.is_external GROUP BY x.repository_id, w.lexeme) d;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(d.repository_id), array_agg(d.src), array_agg(d.emb) INTO r, s, e FROM (
            SELECT x.repository_id, -count(*) FILTER (WHERE NOT x.is_external) AS src,
                   -count(*) FILTER (WHERE NOT x.is_external AND x.kind <> 'namespace') AS emb
            FROM old_symbols x GROUP BY x.repository_id) d
        WHERE EXISTS (SELECT 1 FROM repositories x WHERE x.id = d.repository_id);
        IF r IS NULL THEN
            RETURN NULL; -- removed with their repository: nothing left to count
        END IF;
        SELECT array_agg(d.repository_id), array_agg(d.lexeme), array_agg(d.docs) INTO lr, l, n FROM (
            SELECT x.repository_id, w.lexeme, -count(*) AS docs
            FROM old_symbols x CROSS JOIN LATERAL unnest(tsvector_to_array(x.search_vector)) AS w(lexeme)
            WHERE NOT x.is_external AND x.repository_id = ANY (r) GROUP BY x.repository_id, w.lexeme) d;
    ELSE
        -- UPDATE: old row versions count -1, new ones +1; unchanged rows cancel out. No join between the transition tables: a
        -- cached plan made for a small statement must stay linear for a large one.
        SELECT array_agg(d.repository_id), array_agg(d.src), array_agg(d.emb) INTO r, s, e FROM (
            SELECT v.repository_id, sum(v.sign) FILTER (WHERE NOT v.is_external)::bigint AS src,
                   sum(v.sign) FILTER (WHERE NOT v.is_external AND v.kind <> 'namespace')::bigint AS emb
            FROM (SELECT x.repository_id, x.is_external, x.kind, 1 AS sign FROM new_symbols x
                  UNION ALL
                  SELECT o.repository_id, o.is_external, o.kind, -1 FROM old_symbols o) v
            GROUP BY v.repository_id) d;
        SELECT array_agg(d.repository_id), array_agg(d.lexeme), array_agg(d.docs) INTO lr, l, n FROM (
            SELECT v.repository_id, w.lexeme, sum(v.sign)::bigint AS docs
            FROM (SELECT x.repository_id, x.search_vector, 1 AS sign FROM new_symbols x WHERE NOT x.is_external
                  UNION ALL
                  SELECT o.repository_id, o.search_vector, -1 FROM old_symbols o WHERE NOT o.is_external) v
            CROSS JOIN LATERAL unnest(tsvector_to_array(v.search_vector)) AS w(lexeme)
            GROUP BY v.repository_id, w.lexeme HAVING sum(v.sign) <> 0) d;
        -- A symbol that became (or stopped being) embeddable while it has a vector changes the orphan count: recount (rare).
        IF EXISTS (SELECT 1 FROM (SELECT v.id FROM (
                       SELECT x.id, NOT x.is_external AND x.kind <> 'namespace' AS embeddable FROM new_symbols x
                       UNION ALL
                       SELECT o.id, NOT o.is_external AND o.kind <> 'namespace' FROM old_symbols o) v
                   GROUP BY v.id HAVING bool_or(v.embeddable) <> bool_and(v.embeddable)) f
                   WHERE EXISTS (SELECT 1 FROM symbol_embeddings se WHERE se.symbol_id = f.id AND se.embedding IS NOT NULL)) THEN
            PERFORM codeindex_recount_orphan_vectors(ARRAY(SELECT DISTINCT x.repository_id FROM new_symbols x));
        END IF;
        IF r IS NOT NULL THEN
            SELECT array_agg(d.r), array_agg(d.s), array_agg(d.e) INTO r, s, e FROM unnest(r, s, e) AS d(r, s, e) WHERE d.s <> 0 OR d.e <> 0;
        END IF;
    END IF;

    IF r IS NOT NULL THEN
        PERFORM codeindex_add_symbol_counts(r, s, e);
    END IF;
    IF lr IS NOT NULL THEN
        PERFORM codeindex_add_lexeme_counts(lr, l, n);
    END IF;
    RETURN NULL;
END $$;

-- symbol_embeddings: stored vectors (embedding IS NOT NULL) per repository and model.
CREATE OR REPLACE FUNCTION codeindex_count_embeddings() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r bigint[]; m text[]; n bigint[];
    suspect boolean;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM search_embedding_counts;
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(d.repository_id), array_agg(d.model_id), array_agg(d.cnt) INTO r, m, n FROM (
            SELECT x.repository_id, x.model_id, count(*) AS cnt FROM new_vectors x
            WHERE x.embedding IS NOT NULL GROUP BY x.repository_id, x.model_id) d;
        suspect := EXISTS (SELECT 1 FROM new_vectors x CROSS JOIN LATERAL (
                               SELECT 1 FROM code_symbols c WHERE c.id = x.symbol_id AND (c.is_external OR c.kind = 'namespace') LIMIT 1) c
                           WHERE x.embedding IS NOT NULL);
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(d.repository_id), array_agg(d.model_id), array_agg(d.cnt) INTO r, m, n FROM (
            SELECT x.repository_id, x.model_id, -count(*) AS cnt FROM old_vectors x
            WHERE x.embedding IS NOT NULL GROUP BY x.repository_id, x.model_id) d;
        suspect := false;
    ELSE
        SELECT array_agg(d.repository_id), array_agg(d.model_id), array_agg(d.cnt) INTO r, m, n FROM (
            SELECT v.repository_id, v.model_id, sum(v.sign)::bigint AS cnt
            FROM (SELECT x.repository_id, x.model_id, 1 AS sign FROM new_vectors x WHERE x.embedding IS NOT NULL
                  UNION ALL
                  SELECT o.repository_id, o.model_id, -1 FROM old_vectors o WHERE o.embedding IS NOT NULL) v
            GROUP BY v.repository_id, v.model_id HAVING sum(v.sign) <> 0) d;
        suspect := EXISTS (SELECT 1 FROM new_vectors x CROSS JOIN LATERAL (
                               SELECT 1 FROM code_symbols c WHERE c.id = x.symbol_id AND (c.is_external OR c.kind = 'namespace') LIMIT 1) c
                           WHERE x.embedding IS NOT NULL);
    END IF;

    IF r IS NOT NULL THEN
        PERFORM codeindex_add_embedding_counts(r, m, n);
    END IF;
    -- Orphans: a vector stored for a symbol that is not embeddable, or any change while orphans exist.
    IF suspect OR EXISTS (SELECT 1 FROM search_embedding_counts t WHERE t.orphan_vectors <> 0 AND t.repository_id = ANY (r)) THEN
        PERFORM codeindex_recount_orphan_vectors(r);
    END IF;
    RETURN NULL;
END $$;

-- Transition tables need one trigger per event.
DROP TRIGGER IF EXISTS trg_code_symbols_count_insert ON code_symbols;
CREATE TRIGGER trg_code_symbols_count_insert AFTER INSERT ON code_symbols
    REFERENCING NEW TABLE AS new_symbols FOR EACH STATEMENT EXECUTE FUNCTION codeindex_count_symbols();
DROP TRIGGER IF EXISTS trg_code_symbols_count_update ON code_symbols;
CREATE TRIGGER trg_code_symbols_count_update AFTER UPDATE ON code_symbols
    REFERENCING OLD TABLE AS old_symbols NEW TABLE AS new_symbols FOR EACH STATEMENT EXECUTE FUNCTION codeindex_count_symbols();
DROP TRIGGER IF EXISTS trg_code_symbols_count_delete ON code_symbols;
CREATE TRIGGER trg_code_symbols_count_delete AFTER DELETE ON code_symbols
    REFERENCING OLD TABLE AS old_symbols FOR EACH STATEMENT EXECUTE FUNCTION codeindex_count_symbols();
DROP TRIGGER IF EXISTS trg_code_symbols_count_truncate ON code_symbols;
CREATE TRIGGER trg_code_symbols_count_truncate AFTER TRUNCATE ON code_symbols
    FOR EACH STATEMENT EXECUTE FUNCTION codeindex_count_symbols();

DROP TRIGGER IF EXISTS trg_symbol_embeddings_count_insert ON symbol_embeddings;
CREATE TRIGGER trg_symbol_embeddings_count_insert AFTER INSERT ON symbol_embeddings
    REFERENCING NEW TABLE AS new_vectors FOR EACH STATEMENT EXECUTE FUNCTION codeindex_count_embeddings();
DROP TRIGGER IF EXISTS trg_symbol_embeddings_count_update ON symbol_embeddings;
CREATE TRIGGER trg_symbol_embeddings_count_update AFTER UPDATE ON symbol_embeddings
    REFERENCING OLD TABLE AS old_vectors NEW TABLE AS new_vectors FOR EACH STATEMENT EXECUTE FUNCTION codeindex_count_embeddings();
DROP TRIGGER IF EXISTS trg_symbol_embeddings_count_delete ON symbol_embeddings;
CREATE TRIGGER trg_symbol_embeddings_count_delete AFTER DELETE ON symbol_embeddings
    REFERENCING OLD TABLE AS old_vectors FOR EACH STATEMENT EXECUTE FUNCTION codeindex_count_embeddings();
DROP TRIGGER IF EXISTS trg_symbol_embeddings_count_truncate ON symbol_embeddings;
CREATE TRIGGER trg_symbol_embeddings_count_truncate AFTER TRUNCATE ON symbol_embeddings
    FOR EACH STATEMENT EXECUTE FUNCTION codeindex_count_embeddings();

-- Existing data: recount everything, with writers held off so that no change slips between the triggers and the counts.
LOCK TABLE code_symbols, symbol_embeddings IN SHARE ROW EXCLUSIVE MODE;
DELETE FROM search_symbol_counts;
INSERT INTO search_symbol_counts (repository_id, source_symbols, embeddable_symbols)
SELECT repository_id, count(*) FILTER (WHERE NOT is_external), count(*) FILTER (WHERE NOT is_external AND kind <> 'namespace')
FROM code_symbols GROUP BY repository_id;
DELETE FROM search_lexeme_counts;
INSERT INTO search_lexeme_counts (repository_id, lexeme, documents)
SELECT s.repository_id, w.lexeme, count(*)
FROM code_symbols s CROSS JOIN LATERAL unnest(tsvector_to_array(s.search_vector)) AS w(lexeme)
WHERE NOT s.is_external GROUP BY s.repository_id, w.lexeme;
DELETE FROM search_embedding_counts;
INSERT INTO search_embedding_counts (repository_id, model_id, vectors, orphan_vectors)
SELECT e.repository_id, e.model_id, count(*), count(*) FILTER (WHERE c.is_external OR c.kind = 'namespace')
FROM symbol_embeddings e JOIN code_symbols c ON c.id = e.symbol_id
WHERE e.embedding IS NOT NULL GROUP BY e.repository_id, e.model_id;
