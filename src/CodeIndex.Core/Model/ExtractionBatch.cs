namespace CodeIndex.Core.Model;

/// <summary>What extraction yields for one document (or for symbols discovered outside documents): symbols first, then relationships whose endpoints are in this or an earlier batch.</summary>
/// <param name="File">The state of the document as it was extracted (content and declaration-shape hashes); null for batches of
/// symbols found outside documents.</param>
public sealed record ExtractionBatch(
    string? FilePath,
    IReadOnlyList<SymbolRecord> Symbols,
    IReadOnlyList<RelationshipRecord> Relationships,
    IndexedFile? File = null);
