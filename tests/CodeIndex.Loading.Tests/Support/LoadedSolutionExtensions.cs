using Microsoft.CodeAnalysis;

namespace CodeIndex.Loading.Tests.Support;

/// <summary>Readable views of a <see cref="LoadedSolution"/> for assertions.</summary>
public static class LoadedSolutionExtensions
{
    /// <summary>Indexed file paths relative to <paramref name="folder"/>, with '/' separators, one entry per (project instance, document).</summary>
    public static List<string> IndexedFiles(this LoadedSolution loaded, string folder) =>
        loaded.Projects.SelectMany(p => p.IndexedFiles(folder)).ToList();

    public static List<string> IndexedFiles(this ProjectToIndex project, string folder) =>
        project.Documents
            .Select(id => project.Project.GetDocument(id)!.FilePath!)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static ProjectToIndex Single(this LoadedSolution loaded, string projectName) =>
        Assert.Single(loaded.Projects, p => p.ProjectName == projectName);

    public static string Describe(this LoadedSolution loaded) =>
        string.Join(Environment.NewLine, loaded.Diagnostics.Select(d => d.ToString()));
}
