namespace CodeIndex.Query;

/// <summary>A symbol reached by a graph query, at its minimal depth, with one shortest path from the start symbol.</summary>
/// <param name="Depth">Number of hops from the start symbol (the start itself is depth 0 and only appears in <c>path</c> results).</param>
/// <param name="Path">Symbol keys from the start symbol to <paramref name="Symbol"/>, both included (Depth + 1 entries).</param>
/// <param name="Via">Relationship type of the last hop (<c>calls</c>, <c>implements</c>, …); null for the start symbol.</param>
/// <param name="PathHandles">The same path as handles (<see cref="SymbolInfo.Handle"/>), unique within the repository; null where a query does not give it.</param>
public sealed record QueryResult(SymbolInfo Symbol, int Depth, IReadOnlyList<string> Path, string? Via, IReadOnlyList<string>? PathHandles = null);
