namespace CodeIndex.Storage.Writing;

/// <summary>What an index write session changed, and how fast.</summary>
/// <param name="SymbolsWritten">Distinct symbols in the index after commit (duplicates within the run folded, first wins).</param>
/// <param name="SymbolsUpdated">Existing symbols whose columns changed (unchanged symbols keep their row and id untouched).</param>
/// <param name="Relationships">Rows of symbol_relationships for this repository after commit (one per source, target, type).</param>
/// <param name="DroppedEdges">Relationship occurrences whose source or target symbol was not written (reported, not fatal).</param>
/// <param name="CopyRowsPerSecond">Rows (symbols + locations + relationship occurrences) per second of the binary COPY phase.</param>
public sealed record CommitResult(
    long SymbolsWritten,
    long SymbolsInserted,
    long SymbolsUpdated,
    long SymbolsDeleted,
    long Relationships,
    long RelationshipSites,
    long DroppedEdges,
    long CopiedRows,
    double CopyRowsPerSecond,
    TimeSpan CopyTime,
    TimeSpan MergeTime);
