namespace CodeIndex.Core.Model;

/// <summary>One directed relationship occurrence (source → target) at one source site; the writer folds occurrences into one row per (source, target, type).</summary>
/// <param name="Access">How the site uses the target (<see cref="SiteAccess"/>); null where the relationship type has no access (contains, imports, …).</param>
/// <param name="IsImplicit">The compiler binds the call without the name being written (<c>foreach</c> → <c>GetEnumerator</c>, <c>base()</c>, …).</param>
/// <param name="IsCandidate">Binding failed and the target is the single candidate Roslyn offered (code that does not compile).</param>
public sealed record RelationshipRecord(
    SymbolRef Source,
    SymbolRef Target,
    string Type,
    SiteLocation? Site,
    string? Access = null,
    bool IsImplicit = false,
    bool IsCandidate = false);
