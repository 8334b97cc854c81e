using Microsoft.CodeAnalysis;

namespace CodeIndex.Loading;

/// <summary>The result of loading: the projects to index, grouped diagnostics and timings; owns (and disposes) the Roslyn workspace.</summary>
public sealed class LoadedSolution : IDisposable
{
    private readonly Workspace _workspace;

    internal LoadedSolution(
        Workspace workspace,
        string repositoryRoot,
        string inputPath,
        IReadOnlyList<ProjectToIndex> projects,
        IReadOnlyList<LoadDiagnostic> diagnostics,
        TimeSpan restoreTime,
        TimeSpan openTime)
    {
        _workspace = workspace;
        RepositoryRoot = repositoryRoot;
        InputPath = inputPath;
        Projects = projects;
        Diagnostics = diagnostics;
        RestoreTime = restoreTime;
        OpenTime = openTime;
    }

    /// <summary>Root of the git repository containing the input (folder with a <c>.git</c> directory or file), else the input's folder.</summary>
    public string RepositoryRoot { get; }

    /// <summary>Full path of the input that was loaded (for a folder input: the solution or folder actually used).</summary>
    public string InputPath { get; }

    /// <summary>Project instances to index: the preferred instance of every project file, then other target frameworks that contribute files.</summary>
    public IReadOnlyList<ProjectToIndex> Projects { get; }

    /// <summary>Loading problems grouped by severity and message pattern, errors first.</summary>
    public IReadOnlyList<LoadDiagnostic> Diagnostics { get; }

    /// <summary>Time spent in <c>dotnet restore</c> (zero when skipped).</summary>
    public TimeSpan RestoreTime { get; }

    /// <summary>Time spent opening the workspace and choosing documents (includes computing each compilation once).</summary>
    public TimeSpan OpenTime { get; }

    /// <summary>The workspace's current solution (all loaded projects, including ones with nothing to index).</summary>
    public Solution Solution => _workspace.CurrentSolution;

    public void Dispose() => _workspace.Dispose();
}
