-- 010: what the watch daemon and the reconciliation need to know about the indexed tree, and the daemon's own state.
-- indexed_files: one row per indexed source file (repository-relative path): the SHA-256 of its bytes as read for the index,
--   and the hash of its declaration shape (the file's syntax with member bodies, initializers of non-constant fields and
--   trivia removed: see CodeIndex.Watch/Incremental/DeclarationShape). A restart compares content hashes with the files on
--   disk; a file whose shape hash is unchanged changed only in bodies, so no other document's bindings can change.
-- indexed_projects: one row per indexed project file: the target framework chosen for it and the SHA-256 of what shapes its
--   compilation (the project file, every Directory.Build.props/.targets, Directory.Packages.props and global.json between it
--   and the repository root, and its obj/project.assets.json). A change reloads and re-extracts the project.
-- watch_daemons: what a running `codeindex watch` reports (started_at, last batch, files pending, last error). Whether a
--   daemon is alive is never read from this table: it is the session-level advisory lock the daemon holds (pg_locks).
-- Idempotent: every statement can run again on an existing database.

CREATE TABLE IF NOT EXISTS indexed_files (
    repository_id bigint NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    file_path     text   NOT NULL,
    project       text   NOT NULL,
    content_hash  text   NOT NULL,
    shape_hash    text   NOT NULL,
    PRIMARY KEY (repository_id, file_path)
);

CREATE TABLE IF NOT EXISTS indexed_projects (
    repository_id    bigint NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    project_path     text   NOT NULL,
    project          text   NOT NULL,
    target_framework text,
    input_hash       text   NOT NULL,
    PRIMARY KEY (repository_id, project_path)
);

CREATE TABLE IF NOT EXISTS watch_daemons (
    repository_id  bigint PRIMARY KEY REFERENCES repositories (id) ON DELETE CASCADE,
    pid            integer     NOT NULL,
    host           text        NOT NULL,
    input_path     text        NOT NULL,
    started_at     timestamptz NOT NULL,
    ready_at       timestamptz,
    last_batch_at  timestamptz,
    last_batch     jsonb,
    batches        bigint      NOT NULL DEFAULT 0,
    files_pending  integer     NOT NULL DEFAULT 0,
    last_error     text,
    last_error_at  timestamptz,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- code_symbols.is_implicit: declared by the compiler, not in source (default constructors, record members). Like external symbols,
-- such a symbol is in the index because an edge reaches it, so a document-scoped write deletes it when no edge does any more.
-- Rows written before this migration say false until their repository is indexed again (the merge sees the column differ).
ALTER TABLE code_symbols ADD COLUMN IF NOT EXISTS is_implicit boolean NOT NULL DEFAULT false;
