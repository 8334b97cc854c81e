using CodeIndex.Core.Errors;

namespace CodeIndex.Query;

/// <summary>Bounds of a graph query, validated on construction (and on <c>with</c>).</summary>
/// <param name="Depth">Maximum number of hops, 1..<see cref="MaxDepth"/>. Default 3.</param>
/// <param name="Limit">Maximum number of results returned, at least 1. Default 100.</param>
/// <param name="Dispatch">Callers/callees/path also follow <c>implements</c>/<c>overrides</c> (virtual dispatch). Default false.</param>
public sealed record QueryOptions(int Depth = 3, int Limit = 100, bool Dispatch = false)
{
    /// <summary>Largest accepted depth (the CLI clamps larger values with a notice).</summary>
    public const int MaxDepth = 50;

    /// <summary>Maximum number of hops, 1..<see cref="MaxDepth"/>.</summary>
    public int Depth { get; init => field = CheckDepth(value); } = CheckDepth(Depth);

    /// <summary>Maximum number of results, at least 1.</summary>
    public int Limit { get; init => field = CheckLimit(value); } = CheckLimit(Limit);

    private static int CheckDepth(int depth) => depth is >= 1 and <= MaxDepth
        ? depth
        : throw new UserInputException("invalid_depth", $"Depth must be between 1 and {MaxDepth} (got {depth}).");

    private static int CheckLimit(int limit) => limit >= 1
        ? limit
        : throw new UserInputException("invalid_limit", $"Limit must be at least 1 (got {limit}).");
}
