namespace CodeIndex.Core.Model;

/// <summary>One indexed source file as the index saw it: the row shape of <c>indexed_files</c>.</summary>
/// <param name="FilePath">Path relative to the repository root with '/' separators.</param>
/// <param name="Project">The project (without target framework) that indexed it.</param>
/// <param name="ContentHash">Hash of the text that was extracted (Roslyn's encoding-independent content hash, hex).</param>
/// <param name="ShapeHash">Hash of the file's declaration shape: equal before and after an edit that touched only bodies.</param>
public sealed record IndexedFile(string FilePath, string Project, string ContentHash, string ShapeHash);

/// <summary>One indexed project file: the row shape of <c>indexed_projects</c>.</summary>
/// <param name="ProjectPath">Project file path relative to the repository root with '/' separators.</param>
/// <param name="Project">Project name (without target framework).</param>
/// <param name="TargetFramework">The target framework chosen for it; null for loose files or when unknown.</param>
/// <param name="InputHash">Hash of what shapes its compilation (project file, Directory.* files, global.json, project.assets.json).</param>
/// <param name="IsTest">A test project (<c>IsTestProject</c>, or a reference to the test SDK): see <c>ProjectInputs.IsTestProject</c>.</param>
public sealed record IndexedProject(string ProjectPath, string Project, string? TargetFramework, string InputHash, bool IsTest = false);
