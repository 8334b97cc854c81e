namespace CodeIndex.Cli.Tests.Support;

/// <summary>Finds this repository's root (the folder holding CodeIndex.sln) and its fixture solutions.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Fixture(string name) => Path.Combine(Root, "tests", "fixtures", name);

    /// <summary>Copies a fixture to a fresh temp folder (outside any git repository), so restore and the repository root stay out of our tree.</summary>
    public static string CopyFixture(string name)
    {
        var parent = Path.Combine(Path.GetTempPath(), "codeindex-cli-" + Guid.NewGuid().ToString("N")[..8]);
        var target = Path.Combine(parent, name);
        Copy(Fixture(name), target);
        foreach (var props in Directory.GetFiles(Path.Combine(Root, "tests", "fixtures"), "Directory.*.props"))
        {
            File.Copy(props, Path.Combine(parent, Path.GetFileName(props)));
        }

        return target;
    }

    private static void Copy(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(source))
        {
            var name = Path.GetFileName(dir);
            if (name is "bin" or "obj")
            {
                continue;
            }

            Copy(dir, Path.Combine(target, name));
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CodeIndex.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Expected the test binaries under the repository (no CodeIndex.sln found above " + AppContext.BaseDirectory + ").");
    }
}
