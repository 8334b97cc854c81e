namespace CodeIndex.Loading.Tests.Support;

/// <summary>Copies fixture solutions from tests/fixtures into a temporary folder, so restore and symlinks never touch the repository.</summary>
public static class Fixtures
{
    private static readonly Lazy<string> SourceFolder = new(FindSourceFolder);

    public static string Source => SourceFolder.Value;

    /// <summary>Copies <c>tests/fixtures/{name}</c> (and the fixtures' Directory.*.props) to <c>{temp}/fixtures/{name}</c> and returns that path.</summary>
    public static string CopyToTemp(TempDirectory temp, string name)
    {
        var fixtures = Path.Combine(temp.Path, "fixtures");
        Directory.CreateDirectory(fixtures);
        foreach (var props in Directory.GetFiles(Source, "Directory.*.props"))
        {
            File.Copy(props, Path.Combine(fixtures, Path.GetFileName(props)), overwrite: true);
        }

        var target = Path.Combine(fixtures, name);
        CopyFolder(Path.Combine(Source, name), target);
        return target;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            var name = Path.GetFileName(dir);
            if (name is not ("bin" or "obj"))
            {
                CopyFolder(dir, Path.Combine(to, name));
            }
        }
    }

    private static string FindSourceFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"tests/fixtures was not found above {AppContext.BaseDirectory}.");
    }
}
