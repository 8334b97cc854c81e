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
    bool IsExternal,
    string AssemblyName = "")
{
    /// <summary>
    /// <c>symbol_key@assembly_name</c>: unique within a repository (a symbol key alone is unique only per assembly — two
    /// projects that compile one linked file, or a multi-targeted reference, declare the same key) and accepted wherever a
    /// symbol is named (<see cref="SymbolResolver"/>), so an answer's handle can be passed to any other query.
    /// </summary>
    public string Handle => SymbolHandle.Format(SymbolKey, AssemblyName);
}
