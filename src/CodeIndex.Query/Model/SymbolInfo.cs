namespace CodeIndex.Query;

/// <summary>One row of <c>code_symbols</c> as the query commands show it.</summary>
/// <param name="FilePath">Path relative to the repository root; null for external (metadata-only) symbols.</param>
/// <param name="Line">1-based declaration line; null when the symbol has no source location.</param>
public sealed record SymbolInfo(
    long Id,
    long RepositoryId,
    string SymbolKey,
    string Name,
    string QualifiedName,
    string Kind,
    string Project,
    string? FilePath,
    int? Line,
    int? Column,
    string? Signature,
    bool IsExternal);
