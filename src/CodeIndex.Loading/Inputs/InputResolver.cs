using CodeIndex.Core.Errors;

namespace CodeIndex.Loading;

/// <summary>Turns the user's input path into a <see cref="ResolvedInput"/>: which solution, projects or loose files to open.</summary>
internal static class InputResolver
{
    private const string Fix = "To fix this, pass a .sln, .slnx or .csproj file, or a folder containing C# code.";

    private static readonly string[] ProjectExtensions = [".csproj", ".vbproj", ".fsproj"];
    private static readonly string[] SourceExtensions = [".cs"];

    public static ResolvedInput Resolve(string inputPath, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(inputPath))
        {
            throw new UserInputException("path_not_found", $"No input path was given. {Fix}");
        }

        var full = PathUtil.TrimEnd(Path.GetFullPath(inputPath));
        if (Directory.Exists(full))
        {
            return ResolveFolder(full, cancellationToken);
        }

        if (File.Exists(full))
        {
            return ResolveFile(full);
        }

        throw new UserInputException("path_not_found", $"The path '{full}' does not exist. {Fix}");
    }

    private static ResolvedInput ResolveFile(string file)
    {
        var root = RepositoryRootLocator.Find(Path.GetDirectoryName(file)!);
        switch (Path.GetExtension(file).ToLowerInvariant())
        {
            case ".sln":
                return new ResolvedInput(InputKind.Solution, file, root, [], [file]);
            case ".slnx":
                return new ResolvedInput(InputKind.Projects, file, root, SlnxReader.ReadProjectPaths(file), [file]);
            case ".csproj":
                return new ResolvedInput(InputKind.Projects, file, root, [file], [file]);
            case ".cs":
                return new ResolvedInput(InputKind.LooseFiles, file, root, [file], []);
            case ".vbproj" or ".fsproj":
                throw new UserInputException("no_csharp", $"'{file}' is a Visual Basic or F# project; only C# is indexed. {Fix}");
            default:
                throw new UserInputException("unsupported_input", $"'{file}' is not a solution, C# project or C# file. {Fix}");
        }
    }

    private static ResolvedInput ResolveFolder(string folder, CancellationToken cancellationToken)
    {
        var solutions = Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (solutions.Count > 0)
        {
            return ResolveFile(ChooseSolution(folder, solutions));
        }

        var root = RepositoryRootLocator.Find(folder);
        var projects = SourceTreeWalker.Find(folder, ProjectExtensions, cancellationToken);
        var csharpProjects = projects.Where(IsCSharpProject).ToList();
        if (csharpProjects.Count > 0)
        {
            return new ResolvedInput(InputKind.Projects, folder, root, projects, csharpProjects);
        }

        var sources = SourceTreeWalker.Find(folder, SourceExtensions, cancellationToken);
        if (sources.Count > 0)
        {
            return new ResolvedInput(InputKind.LooseFiles, folder, root, sources, []);
        }

        var others = projects.Count == 0 ? string.Empty : $" It contains only Visual Basic or F# projects ({string.Join(", ", projects.Select(Path.GetFileName))}).";
        throw new UserInputException("no_csharp", $"No C# solution, project or .cs file was found in '{folder}'.{others} {Fix}");
    }

    /// <summary>One solution: it. Several: the one named like the folder (.sln before .slnx), else an error listing them.</summary>
    private static string ChooseSolution(string folder, List<string> solutions)
    {
        if (solutions.Count == 1)
        {
            return solutions[0];
        }

        var folderName = Path.GetFileName(folder);
        var named = solutions
            .Where(s => string.Equals(Path.GetFileNameWithoutExtension(s), folderName, StringComparison.OrdinalIgnoreCase))
            .OrderBy(s => s.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ToList();
        if (named.Count > 0)
        {
            return named[0];
        }

        throw new UserInputException(
            "ambiguous_solution",
            $"The folder '{folder}' contains several solutions: {string.Join(", ", solutions.Select(Path.GetFileName))}. To fix this, pass the path of the one to index.");
    }

    internal static bool IsCSharpProject(string path) => path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase);
}
