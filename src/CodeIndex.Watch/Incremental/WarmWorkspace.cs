using CodeIndex.Loading;
using CodeIndex.Watch.Indexing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CodeIndex.Watch.Incremental;

/// <summary>
/// The loaded solution kept between batches: the current snapshot (texts replaced with <see cref="Solution.WithDocumentText(DocumentId, SourceText, PreservationMode)"/>,
/// documents added and removed) and the project instances with the documents each indexes. Roslyn reuses everything a change
/// does not touch, so a batch pays for the edited documents and the compilations that depend on them.
/// </summary>
/// <remarks>Not thread-safe: the watch pipeline applies one batch at a time.</remarks>
internal sealed class WarmWorkspace : IDisposable
{
    private readonly LoadedSolution _loaded;
    private List<ProjectToIndex> _projects;

    public WarmWorkspace(LoadedSolution loaded)
    {
        _loaded = loaded;
        Current = loaded.Solution;
        _projects = [.. loaded.Projects];
    }

    public string RepositoryRoot => _loaded.RepositoryRoot;

    public LoadedSolution Loaded => _loaded;

    public Solution Current { get; private set; }

    public IReadOnlyList<ProjectToIndex> Projects => _projects;

    public IndexInput Input => new(RepositoryRoot, Current, _projects);

    /// <summary>Repository-relative path ('/' separators) of a full path.</summary>
    public string Relative(string fullPath) => Path.GetRelativePath(RepositoryRoot, fullPath).Replace('\\', '/');

    /// <summary>The indexed document of a file (the instance that indexes it), or null.</summary>
    public (ProjectToIndex Project, Document Document)? Indexed(string fullPath)
    {
        foreach (var id in Current.GetDocumentIdsWithFilePath(fullPath))
        {
            var owner = _projects.FirstOrDefault(p => p.Project.Id == id.ProjectId && p.Documents.Contains(id));
            if (owner is not null && Current.GetDocument(id) is { } document)
            {
                return (owner, document);
            }
        }

        return null;
    }

    /// <summary>Every indexed document's full path.</summary>
    public IEnumerable<string> IndexedPaths() =>
        _projects.SelectMany(p => p.Documents.Select(id => Current.GetDocument(id)?.FilePath)).OfType<string>();

    /// <summary>Replaces the text of every document of the file (in every target framework instance that compiles it).</summary>
    public void SetText(string fullPath, SourceText text)
    {
        var solution = Current;
        foreach (var id in solution.GetDocumentIdsWithFilePath(fullPath))
        {
            solution = solution.WithDocumentText(id, text, PreservationMode.PreserveIdentity);
        }

        Current = solution;
    }

    /// <summary>Removes the file's documents from every instance; true when it had any.</summary>
    public bool Remove(string fullPath)
    {
        var ids = Current.GetDocumentIdsWithFilePath(fullPath);
        if (ids.IsEmpty)
        {
            return false;
        }

        Current = Current.RemoveDocuments(ids);
        var removed = ids.ToHashSet();
        _projects = [.. _projects.Select(p => p with { Documents = [.. p.Documents.Where(d => !removed.Contains(d))] })];
        return true;
    }

    /// <summary>Adds the file to the project instances whose MSBuild evaluation compiles it; the first of them in
    /// <see cref="Projects"/> order (preferred instances come first, as <c>index</c> assigns files) indexes it.</summary>
    public void Add(string fullPath, SourceText text, IReadOnlyCollection<ProjectId> compiling)
    {
        var solution = Current;
        DocumentId? indexed = null;
        var owner = _projects.FindIndex(p => compiling.Contains(p.Project.Id));
        foreach (var projectId in compiling)
        {
            if (solution.GetProject(projectId) is not { } project)
            {
                continue;
            }

            var id = DocumentId.CreateNewId(projectId, fullPath);
            var folders = Path.GetRelativePath(Path.GetDirectoryName(project.FilePath ?? fullPath)!, Path.GetDirectoryName(fullPath)!)
                .Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries)
                .Where(f => f != ".")
                .ToList();
            solution = solution.AddDocument(id, Path.GetFileName(fullPath), text, folders, fullPath);
            if (owner >= 0 && projectId == _projects[owner].Project.Id)
            {
                indexed = id;
            }
        }

        Current = solution;
        if (indexed is not null)
        {
            _projects[owner] = _projects[owner] with { Documents = [.. _projects[owner].Documents, indexed] };
        }
    }

    /// <summary>Project instances (preferred first) whose project file's folder contains the file: the candidates to evaluate.</summary>
    public IReadOnlyList<ProjectToIndex> ProjectsContaining(string fullPath) =>
        [.. _projects.Where(p => p.Project.FilePath is { } file && IsUnder(fullPath, Path.GetDirectoryName(file)!))
            .OrderByDescending(p => Path.GetDirectoryName(p.Project.FilePath!)!.Length)];

    /// <summary>All Roslyn projects (instances) built from one project file.</summary>
    public IReadOnlyList<Project> Instances(string projectFile) =>
        [.. Current.Projects.Where(p => string.Equals(p.FilePath, projectFile, StringComparison.Ordinal))];

    public void Dispose() => _loaded.Dispose();

    private static bool IsUnder(string path, string folder) =>
        path.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal);
}
