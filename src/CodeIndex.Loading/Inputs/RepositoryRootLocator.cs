namespace CodeIndex.Loading;

/// <summary>Finds the git repository root containing a path (a folder holding a <c>.git</c> directory or file, as in worktrees and submodules).</summary>
public static class RepositoryRootLocator
{
    /// <param name="inputFolder">Full path of the input folder (for a file input: its folder).</param>
    /// <returns>The nearest ancestor (or the folder itself) with <c>.git</c>; otherwise <paramref name="inputFolder"/>.</returns>
    public static string Find(string inputFolder)
    {
        for (var dir = new DirectoryInfo(inputFolder); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return PathUtil.TrimEnd(dir.FullName);
            }
        }

        return PathUtil.TrimEnd(inputFolder);
    }
}
