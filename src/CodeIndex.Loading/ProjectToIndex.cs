using Microsoft.CodeAnalysis;

namespace CodeIndex.Loading;

/// <summary>One loaded project instance (one target framework of one project file) and the documents it must index.</summary>
/// <param name="Project">The Roslyn project; its compilation has already been computed once and is cached by the workspace.</param>
/// <param name="ProjectName">Project name without the <c>(tfm)</c> suffix MSBuildWorkspace adds for multi-targeted projects.</param>
/// <param name="AssemblyName">Assembly name of the project.</param>
/// <param name="TargetFramework">Target framework of this instance (e.g. <c>net8.0</c>); <c>null</c> for the ad-hoc loose-files project or when unknown.</param>
/// <param name="Documents">The C# documents this instance indexes; across all instances each source file appears exactly once.</param>
/// <param name="CompileErrorCount">Parse and declaration errors of the compilation (see <see cref="CompileErrorCounter"/>).</param>
public sealed record ProjectToIndex(
    Project Project,
    string ProjectName,
    string AssemblyName,
    string? TargetFramework,
    IReadOnlyList<DocumentId> Documents,
    int CompileErrorCount);
