using CodeIndex.Chroma.Outbox;

namespace CodeIndex.Chroma.Sync;

/// <summary>What <c>chroma sync</c> did: the outbox drain, each rebuilt collection, and the rows still queued afterwards.</summary>
public sealed record SyncResult(DrainResult Drain, IReadOnlyList<CollectionRebuild> Rebuilt, long PendingAfter);

/// <summary>One collection re-sent from PostgreSQL: documents upserted and ids deleted because PostgreSQL no longer has them.</summary>
public sealed record CollectionRebuild(long RepositoryId, string ModelId, string Collection, int Upserted, int ExtraDeleted);
