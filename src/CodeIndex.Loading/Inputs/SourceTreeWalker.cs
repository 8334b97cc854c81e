namespace CodeIndex.Loading;

/// <summary>Enumerates files below a folder without entering bin/obj/.git/node_modules or symlinked directories.</summary>
public static class SourceTreeWalker
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", ".git", "node_modules", ".vs", ".idea",
    };

    /// <summary>True for a folder name that is never indexed nor watched (build output, VCS and tool folders).</summary>
    public static bool IsSkippedFolder(string name) => SkippedFolders.Contains(name);

    /// <summary>Files below <paramref name="root"/> whose name ends with one of <paramref name="extensions"/>, in a stable (ordinal) order.</summary>
    public static List<string> Find(string root, IReadOnlyCollection<string> extensions, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 };
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var dir = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(dir, "*", options))
            {
                if (extensions.Any(e => file.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                {
                    found.Add(file);
                }
            }

            foreach (var sub in Directory.EnumerateDirectories(dir, "*", options))
            {
                if (!SkippedFolders.Contains(Path.GetFileName(sub)) && new DirectoryInfo(sub).LinkTarget is null)
                {
                    pending.Push(sub);
                }
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }
}
