-- 002: pgvector, for the embeddings stored by the next stage. Needs the extension installed on the server
-- (scripts/setup.sh, or the postgresql-NN-pgvector package).
CREATE EXTENSION IF NOT EXISTS vector;
