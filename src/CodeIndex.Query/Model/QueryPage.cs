namespace CodeIndex.Query;

/// <summary>One page of graph-query results ordered by depth, then qualified name.</summary>
/// <param name="Truncated">True when more results exist than <see cref="QueryOptions.Limit"/> allowed.</param>
/// <param name="DepthUsed">The depth bound the query ran with (<see cref="QueryOptions.Depth"/>).</param>
public sealed record QueryPage(IReadOnlyList<QueryResult> Results, bool Truncated, int DepthUsed);
