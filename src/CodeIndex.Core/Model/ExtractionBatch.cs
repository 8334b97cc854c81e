namespace CodeIndex.Core.Model;

/// <summary>What extraction yields for one document (or for symbols discovered outside documents): symbols first, then relationships whose endpoints are in this or an earlier batch.</summary>
public sealed record ExtractionBatch(
    string? FilePath,
    IReadOnlyList<SymbolRecord> Symbols,
    IReadOnlyList<RelationshipRecord> Relationships);
