namespace CodeIndex.Vectors.Search;

/// <summary>Optional restrictions of a nearest-neighbour query; null members do not filter.</summary>
/// <param name="Kinds">Symbol kinds to keep (values of <c>SymbolKinds</c>).</param>
/// <param name="Project">Exact project name.</param>
/// <param name="PathPrefix">Repository-relative path prefix with '/' separators (e.g. <c>src/Api/</c>).</param>
public sealed record VectorSearchFilter(IReadOnlyList<string>? Kinds = null, string? Project = null, string? PathPrefix = null)
{
    public static VectorSearchFilter None { get; } = new();

    internal bool IsEmpty => (Kinds is null || Kinds.Count == 0) && Project is null && PathPrefix is null;
}
