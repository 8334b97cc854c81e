using CodeIndex.Chroma.Outbox;

namespace CodeIndex.Chroma.Sync;

/// <summary>What <c>chroma sync</c> did: the outbox drain, each rebuilt collection, stale collections deleted, and the rows still queued afterwards.</summary>
/// <param name="DroppedCollections">With rebuild: CodeIndex collections PostgreSQL has no vectors for (removed repositories, unused models), deleted.</param>
public sealed record SyncResult(DrainResult Drain, IReadOnlyList<CollectionRebuild> Rebuilt, IReadOnlyList<string> DroppedCollections, long PendingAfter);

/// <summary>One collection re-sent from PostgreSQL: documents upserted and ids deleted because PostgreSQL no longer has them.</summary>
public sealed record CollectionRebuild(long RepositoryId, string ModelId, string Collection, int Upserted, int ExtraDeleted);
