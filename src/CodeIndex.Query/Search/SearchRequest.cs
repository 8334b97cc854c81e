using CodeIndex.Core.Errors;

namespace CodeIndex.Query;

/// <summary>One search: the text, the mode, how many results, and filters that every mode applies.</summary>
/// <param name="Text">What to look for: a name, words or a plain-English question. Never spliced into SQL.</param>
/// <param name="Mode">Default <see cref="SearchMode.Hybrid"/>.</param>
/// <param name="Limit">Results returned, 1..<see cref="MaxLimit"/>. Default 10.</param>
/// <param name="RepositoryId">Only this repository; null = all repositories.</param>
/// <param name="Kinds">Only these <c>code_symbols.kind</c> values (e.g. <c>class</c>, <c>method</c>); null or empty = all.</param>
/// <param name="Project">Only symbols of this project (exact name).</param>
/// <param name="PathPrefix">Only symbols whose repository-relative file path starts with this ('/' separators, e.g. <c>src/Api/</c>).</param>
public sealed record SearchRequest(
    string Text,
    SearchMode Mode = SearchMode.Hybrid,
    int Limit = 10,
    long? RepositoryId = null,
    IReadOnlyList<string>? Kinds = null,
    string? Project = null,
    string? PathPrefix = null)
{
    /// <summary>Largest accepted <see cref="Limit"/>.</summary>
    public const int MaxLimit = 500;

    /// <summary>Results returned, 1..<see cref="MaxLimit"/>.</summary>
    public int Limit { get; init => field = CheckLimit(value); } = CheckLimit(Limit);

    private static int CheckLimit(int limit) => limit is >= 1 and <= MaxLimit
        ? limit
        : throw new UserInputException("invalid_limit", $"Limit must be between 1 and {MaxLimit} (got {limit}).");
}
