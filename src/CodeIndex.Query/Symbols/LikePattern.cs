namespace CodeIndex.Query;

/// <summary>Escapes user text for use inside a LIKE pattern with <c>ESCAPE '\'</c>, so % _ and \ match literally.</summary>
internal static class LikePattern
{
    public static string Escape(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
}
