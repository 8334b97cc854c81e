namespace CodeIndex.Loading;

/// <summary>Path comparisons that follow the file system's case rules.</summary>
internal static class PathUtil
{
    public static readonly StringComparer Comparer =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    public static readonly StringComparison Comparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public static string TrimEnd(string path) =>
        path.Length > 1 && Path.EndsInDirectorySeparator(path) && Path.GetPathRoot(path) != path ? path.TrimEnd('/', '\\') : path;

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies below it (lexically, both full paths).</summary>
    public static bool IsUnder(string path, string folder)
    {
        folder = TrimEnd(folder);
        if (!path.StartsWith(folder, Comparison))
        {
            return false;
        }

        return path.Length == folder.Length || path[folder.Length] is '/' or '\\' || Path.EndsInDirectorySeparator(folder);
    }
}
