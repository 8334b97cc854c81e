namespace CodeIndex.Testing;

/// <summary>Locates the repository's USE-lite model folder by walking up from the test assembly.</summary>
public static class ModelPaths
{
    public static string UseLite { get; } = FindUpwards(Path.Combine("models", "use-lite", "manifest.json"));

    private static string FindUpwards(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return Path.GetDirectoryName(candidate)!;
            }
        }

        throw new FileNotFoundException($"Could not find {relative} above {AppContext.BaseDirectory}.");
    }
}
