using System.Security.Cryptography;
using System.Text;

namespace CodeIndex.Loading;

/// <summary>
/// The files that shape a project's compilation besides its sources: the project file, every <c>Directory.Build.props</c>,
/// <c>Directory.Build.targets</c>, <c>Directory.Packages.props</c> and <c>global.json</c> between it and the repository root (MSBuild
/// imports the nearest of each, and those may import further up: all of them are counted), and <c>obj/project.assets.json</c>, the
/// references NuGet resolved (a <c>PackageReference</c> added or bumped changes it without touching a source file).
/// </summary>
public static class ProjectInputs
{
    /// <summary>File names that shape the projects under their folder.</summary>
    public static readonly IReadOnlySet<string> SharedFileNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json",
    };

    /// <summary>True for a file whose change can change how projects load: project and solution files and <see cref="SharedFileNames"/>.</summary>
    public static bool IsProjectShaping(string path)
    {
        var name = Path.GetFileName(path);
        return SharedFileNames.Contains(name)
            || name.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".sln", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The inputs of <paramref name="projectFile"/> that exist, in a stable order.</summary>
    public static IReadOnlyList<string> Of(string projectFile, string repositoryRoot)
    {
        var result = new List<string> { Path.GetFullPath(projectFile) };
        var folder = Path.GetDirectoryName(result[0]);
        var root = PathUtil.TrimEnd(Path.GetFullPath(repositoryRoot));
        while (folder is not null && PathUtil.IsUnder(folder, root))
        {
            foreach (var name in SharedFileNames.Order(StringComparer.OrdinalIgnoreCase))
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    result.Add(candidate);
                }
            }

            if (PathUtil.Comparer.Equals(PathUtil.TrimEnd(folder), root))
            {
                break;
            }

            folder = Path.GetDirectoryName(folder);
        }

        var assets = Path.Combine(Path.GetDirectoryName(result[0])!, "obj", "project.assets.json");
        if (File.Exists(assets))
        {
            result.Add(assets);
        }

        return result;
    }

    /// <summary>
    /// A test project, as MSBuild would say: <c>&lt;IsTestProject&gt;</c> set in the project file or a <c>Directory.Build.props</c>
    /// above it (the nearest setting wins: the project file, then the folders upwards), else a reference to the test SDK
    /// (<c>Microsoft.NET.Test.Sdk</c> in <c>obj/project.assets.json</c>, whose props set <c>IsTestProject</c>). Read from the files,
    /// since Roslyn's project does not carry MSBuild properties.
    /// </summary>
    public static bool IsTestProject(string projectFile, string repositoryRoot)
    {
        foreach (var file in Of(projectFile, repositoryRoot))
        {
            var name = Path.GetFileName(file);
            if (name.Equals("project.assets.json", StringComparison.OrdinalIgnoreCase) || name.Equals("global.json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var text = TryRead(file);
            var match = text is null ? null : System.Text.RegularExpressions.Regex.Match(text, @"<IsTestProject[^>]*>\s*(true|false)\s*</IsTestProject>", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
            if (match is { Success: true })
            {
                return match.Groups[1].Value.Equals("true", StringComparison.OrdinalIgnoreCase);
            }
        }

        var assets = TryRead(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(projectFile))!, "obj", "project.assets.json"));
        return assets is not null && assets.Contains("\"Microsoft.NET.Test.Sdk/", StringComparison.OrdinalIgnoreCase);
    }

    private static string? TryRead(string file)
    {
        try
        {
            return File.Exists(file) ? File.ReadAllText(file) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>SHA-256 (hex) over each input's repository-relative path and bytes; a file that cannot be read counts by its error.</summary>
    public static string Hash(string projectFile, string repositoryRoot)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Of(projectFile, repositoryRoot))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(repositoryRoot, file).Replace('\\', '/') + "\n"));
            try
            {
                hash.AppendData(File.ReadAllBytes(file));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                hash.AppendData(Encoding.UTF8.GetBytes("unreadable: " + ex.GetType().Name));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
