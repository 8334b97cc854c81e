namespace CodeIndex.Core.Model;

/// <summary>One code symbol as extracted from Roslyn's semantic model: the row shape of <c>code_symbols</c>.</summary>
/// <param name="SymbolKey">Roslyn documentation comment ID of the original definition (e.g. <c>M:Ns.Type.Method(System.Int32)</c>).</param>
/// <param name="Project">Project name (without target framework); for external symbols, the project that referenced it first.</param>
/// <param name="FilePath">Path relative to the repository root with '/' separators; null for external symbols.</param>
/// <param name="Locations">Every declaration location (partial types and members have several); empty for external symbols.</param>
/// <param name="BodyWords">Distinct words of a member's body and initializer (identifiers it uses, string literal contents, comments), for
/// full-text search; null for types, namespaces, external symbols and members without a body.</param>
public sealed record SymbolRecord(
    string SymbolKey,
    string Name,
    string QualifiedName,
    string Kind,
    string Project,
    string? FilePath,
    int? Line,
    int? Column,
    int? EndLine,
    int? EndColumn,
    string? Signature,
    string? Documentation,
    string Visibility,
    SymbolModifiers Modifiers,
    string Language,
    bool IsExternal,
    string AssemblyName,
    string? AssemblyVersion,
    string ContentHash,
    IReadOnlyList<SourceSpan> Locations,
    string? BodyWords = null)
{
    /// <summary>The identity used for unique constraints and edge endpoints.</summary>
    public SymbolRef Ref => new(AssemblyName, SymbolKey);
}

/// <summary>Identity of a symbol inside one repository: (assembly name, documentation comment ID).</summary>
public readonly record struct SymbolRef(string AssemblyName, string SymbolKey);

/// <summary>A 1-based source range in a file relative to the repository root.</summary>
public readonly record struct SourceSpan(string FilePath, int Line, int Column, int EndLine, int EndColumn);

/// <summary>Where a relationship occurs in source: 1-based line and column.</summary>
public readonly record struct SiteLocation(string FilePath, int Line, int Column);
