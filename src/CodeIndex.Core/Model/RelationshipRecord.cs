namespace CodeIndex.Core.Model;

/// <summary>One directed relationship occurrence (source → target) at one source site; the writer folds occurrences into one row per (source, target, type).</summary>
public sealed record RelationshipRecord(SymbolRef Source, SymbolRef Target, string Type, SiteLocation? Site);
