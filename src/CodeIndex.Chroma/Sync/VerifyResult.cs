namespace CodeIndex.Chroma.Sync;

/// <summary>What <c>chroma verify</c> found: per-collection figures, the drift (empty = in sync) and the rows still queued in the outbox.</summary>
public sealed record VerifyResult(IReadOnlyList<CollectionVerification> Collections, IReadOnlyList<ChromaDrift> Drift, long PendingOutbox)
{
    /// <summary>True when anything differs (the CLI exits 1).</summary>
    public bool HasDrift => Drift.Count > 0;
}

/// <summary>Figures of one collection: documents with a vector in PostgreSQL, records in Chroma, and the exact drift counts.</summary>
/// <param name="TextsCompared">Documents whose text was compared (a random sample unless the sample size was 0 = all).</param>
public sealed record CollectionVerification(
    long RepositoryId,
    string ModelId,
    string Collection,
    long PostgresCount,
    long ChromaCount,
    int MissingInChroma,
    int ExtraInChroma,
    int TextsCompared,
    int TextMismatches);

/// <summary>One difference between PostgreSQL and Chroma. Per collection and kind at most <see cref="ChromaVerifier.MaxListedPerKind"/> are listed; the counts in <see cref="CollectionVerification"/> are exact.</summary>
public sealed record ChromaDrift(DriftKind Kind, long RepositoryId, string ModelId, string Collection, string? DocumentId, string Detail);

/// <summary>Kinds of drift.</summary>
public enum DriftKind
{
    /// <summary>PostgreSQL and Chroma hold a different number of documents (or the collection is missing).</summary>
    CountMismatch,

    /// <summary>A document with a vector in PostgreSQL is not in Chroma.</summary>
    MissingInChroma,

    /// <summary>Chroma holds an id PostgreSQL no longer has.</summary>
    ExtraInChroma,

    /// <summary>The document text in Chroma differs from <c>embedded_text</c>.</summary>
    TextMismatch,
}
