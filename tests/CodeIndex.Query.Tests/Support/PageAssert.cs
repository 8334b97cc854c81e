namespace CodeIndex.Query.Tests.Support;

/// <summary>Renders a page as "depth via name [path]" lines so expectations read like the graph.</summary>
internal static class PageAssert
{
    public static string Render(QueryResult r) =>
        $"{r.Depth} {r.Via} {r.Symbol.QualifiedName} [{string.Join(" > ", r.Path)}]";

    public static void Equal(IEnumerable<string> expected, QueryPage page) =>
        Assert.Equal(expected.ToArray(), page.Results.Select(Render).ToArray());
}
