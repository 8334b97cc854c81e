-- 012: what change impact needs (`query impact --changed base..head`).
-- indexed_projects.is_test: the project is a test project — its project file (or a Directory.Build.props above it) sets
--   <IsTestProject>true</IsTestProject>, or it references the test SDK (Microsoft.NET.Test.Sdk in obj/project.assets.json,
--   which sets IsTestProject itself) and does not set it false. Impact reports call these projects out.
-- repositories.revision / source_root: an index of one git revision (`index --revision <rev>`), built from a worktree of the
--   repository at source_root; revision is the full commit id. NULL for the index of a working tree.
-- Idempotent: every statement can run again on an existing database.

ALTER TABLE indexed_projects ADD COLUMN IF NOT EXISTS is_test boolean NOT NULL DEFAULT false;
ALTER TABLE repositories ADD COLUMN IF NOT EXISTS revision text;
ALTER TABLE repositories ADD COLUMN IF NOT EXISTS source_root text;
CREATE INDEX IF NOT EXISTS ix_repositories_revision ON repositories (source_root, revision) WHERE revision IS NOT NULL;
