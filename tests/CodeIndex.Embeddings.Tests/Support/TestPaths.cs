namespace CodeIndex.Embeddings.Tests.Support;

/// <summary>Locates the repository's model folder and the test data copied next to the test assembly.</summary>
internal static class TestPaths
{
    public static string UseLiteModel { get; } = FindUpwards(Path.Combine("models", "use-lite", "manifest.json"));

    public static string UseLiteDirectory => Path.GetDirectoryName(UseLiteModel)!;

    public static string TinyBertDirectory { get; } = Path.GetDirectoryName(FindUpwards(Path.Combine("models", "tiny-bert-test", "manifest.json")))!;

    public static string ReferenceJson => Path.Combine(AppContext.BaseDirectory, "Data", "reference.json");

    private static string FindUpwards(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"'{relative}' not found above {AppContext.BaseDirectory}.");
    }
}
