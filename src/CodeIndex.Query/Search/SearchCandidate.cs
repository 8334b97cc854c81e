namespace CodeIndex.Query;

/// <summary>A symbol that some search list proposed, with the graph facts hybrid ranking uses.</summary>
/// <param name="IsPublic">Declared <c>public</c> (part of an API surface).</param>
/// <param name="IncomingReferences">Relationships pointing at the symbol other than <c>contains</c> (calls, references, implements, …).</param>
/// <param name="OwnerId">The type that declares this member (<c>contains</c> edge), or null for types, namespaces and top-level symbols.</param>
internal sealed record SearchCandidate(SymbolInfo Symbol, bool IsPublic, int IncomingReferences, long? OwnerId);
