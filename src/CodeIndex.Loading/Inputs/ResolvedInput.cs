namespace CodeIndex.Loading;

/// <summary>How an input is opened.</summary>
internal enum InputKind
{
    /// <summary>A <c>.sln</c> opened with <c>MSBuildWorkspace.OpenSolutionAsync</c>.</summary>
    Solution,

    /// <summary>Project files opened one by one (from a <c>.slnx</c>, a <c>.csproj</c> or a folder search).</summary>
    Projects,

    /// <summary>Loose <c>.cs</c> files compiled as one ad-hoc project.</summary>
    LooseFiles,
}

/// <summary>The input after resolution: what to open, what to restore, and the repository root documents must live under.</summary>
/// <param name="Kind">How to open it.</param>
/// <param name="Path">Full path of the solution, project, folder or file actually used.</param>
/// <param name="RepositoryRoot">Git root containing the input, else the input's folder.</param>
/// <param name="Files">Project files (<see cref="InputKind.Projects"/>) or <c>.cs</c> files (<see cref="InputKind.LooseFiles"/>); empty for a solution.</param>
/// <param name="RestoreTargets">Paths given to <c>dotnet restore</c>, one run each.</param>
internal sealed record ResolvedInput(
    InputKind Kind,
    string Path,
    string RepositoryRoot,
    IReadOnlyList<string> Files,
    IReadOnlyList<string> RestoreTargets);
