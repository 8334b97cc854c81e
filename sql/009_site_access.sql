-- 009: the complete graph. A new relationship type `uses` (a member → the field, constant, enum member or event it uses, or a
-- method it names without calling: method groups, nameof, cref), and per site how the target is used.
-- relationship_sites.access: invoke | read | write | read_write | subscribe | unsubscribe | nameof | method_group | doc | reference
--   (NULL for contains/imports/extends/implements/overrides sites, and on sites written before this migration until the
--   repository is indexed again: the merge sees the access differ and rewrites those sites).
-- relationship_sites.is_implicit: the compiler binds the call without the name being written (foreach → GetEnumerator, …).
-- relationship_sites.is_candidate: binding failed and the target is Roslyn's single candidate (code that does not compile).
-- Idempotent: every statement can run again on an existing database.

ALTER TABLE symbol_relationships DROP CONSTRAINT IF EXISTS symbol_relationships_relationship_type_check;
ALTER TABLE symbol_relationships ADD CONSTRAINT symbol_relationships_relationship_type_check CHECK (relationship_type IN
    ('calls', 'extends', 'implements', 'overrides', 'references', 'imports', 'contains', 'uses'));

ALTER TABLE relationship_sites ADD COLUMN IF NOT EXISTS access text;
ALTER TABLE relationship_sites ADD COLUMN IF NOT EXISTS is_implicit boolean NOT NULL DEFAULT false;
ALTER TABLE relationship_sites ADD COLUMN IF NOT EXISTS is_candidate boolean NOT NULL DEFAULT false;
ALTER TABLE relationship_sites DROP CONSTRAINT IF EXISTS relationship_sites_access_check;
ALTER TABLE relationship_sites ADD CONSTRAINT relationship_sites_access_check CHECK (access IN
    ('invoke', 'read', 'write', 'read_write', 'subscribe', 'unsubscribe', 'nameof', 'method_group', 'doc', 'reference'));
