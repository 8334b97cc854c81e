using CodeIndex.Core.Errors;

namespace CodeIndex.Query;

/// <summary>Bounds of a graph query, validated on construction (and on <c>with</c>).</summary>
/// <param name="Depth">Maximum number of hops, 1..<see cref="MaxDepth"/>. Default 3.</param>
/// <param name="Limit">Maximum number of results returned, at least 1. Default 100.</param>
/// <param name="Dispatch">Callers/callees/path also follow <c>implements</c>/<c>overrides</c> (virtual dispatch). Default false.</param>
/// <param name="Offset">
/// null (the CLI): a cut level keeps its lowest ids, the cheapest exact page (<see cref="GraphWalkSql.Page"/>). A number (the MCP
/// server's paging): results from this position on in the stable order of depth, qualified name, symbol key, assembly
/// (<see cref="GraphWalkSql.NamedPage"/>), so consecutive offsets are consecutive pages while the index is unchanged.
/// </param>
public sealed record QueryOptions(int Depth = 3, int Limit = 100, bool Dispatch = false, int? Offset = null)
{
    /// <summary>Largest accepted depth (the CLI clamps larger values with a notice).</summary>
    public const int MaxDepth = 50;

    /// <summary>Maximum number of hops, 1..<see cref="MaxDepth"/>.</summary>
    public int Depth { get; init => field = CheckDepth(value); } = CheckDepth(Depth);

    /// <summary>Maximum number of results, at least 1.</summary>
    public int Limit { get; init => field = CheckLimit(value); } = CheckLimit(Limit);

    /// <summary>Start position of a name-ordered page (null: the id-cut page), at least 0.</summary>
    public int? Offset { get; init => field = CheckOffset(value); } = CheckOffset(Offset);

    private static int? CheckOffset(int? offset) => offset is null or >= 0
        ? offset
        : throw new UserInputException("invalid_offset", $"Offset must be at least 0 (got {offset}).");

    private static int CheckDepth(int depth) => depth is >= 1 and <= MaxDepth
        ? depth
        : throw new UserInputException("invalid_depth", $"Depth must be between 1 and {MaxDepth} (got {depth}).");

    private static int CheckLimit(int limit) => limit >= 1
        ? limit
        : throw new UserInputException("invalid_limit", $"Limit must be at least 1 (got {limit}).");
}
