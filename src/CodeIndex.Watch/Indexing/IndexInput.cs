using CodeIndex.Loading;
using Microsoft.CodeAnalysis;

namespace CodeIndex.Watch.Indexing;

/// <summary>What a graph write extracts from: a solution snapshot and the project instances chosen to index (with their documents).</summary>
/// <param name="RepositoryRoot">Root the stored paths are relative to.</param>
/// <param name="Solution">The snapshot to extract from; each <see cref="ProjectToIndex.Project"/> is looked up in it by id.</param>
/// <param name="Projects">The project instances and their documents, as <see cref="WorkspaceLoader"/> chose them.</param>
public sealed record IndexInput(string RepositoryRoot, Solution Solution, IReadOnlyList<ProjectToIndex> Projects)
{
    public static IndexInput From(LoadedSolution loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        return new IndexInput(loaded.RepositoryRoot, loaded.Solution, loaded.Projects);
    }

    /// <summary>Repository-relative path ('/' separators) of a file.</summary>
    public string Relative(string fullPath) => Path.GetRelativePath(RepositoryRoot, fullPath).Replace('\\', '/');

    /// <summary>One row per project file (its preferred instance comes first in <see cref="Projects"/>), for <c>indexed_projects</c>.</summary>
    public IReadOnlyList<Core.Model.IndexedProject> ProjectStates()
    {
        var result = new List<Core.Model.IndexedProject>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var project in Projects)
        {
            if (project.Project.FilePath is { } file && seen.Add(file))
            {
                result.Add(new Core.Model.IndexedProject(Relative(file), project.ProjectName, project.TargetFramework, ProjectInputs.Hash(file, RepositoryRoot), ProjectInputs.IsTestProject(file, RepositoryRoot)));
            }
        }

        return result;
    }
}
