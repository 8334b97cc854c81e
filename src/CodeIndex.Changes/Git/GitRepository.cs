using CodeIndex.Core.Errors;
using LibGit2Sharp;

namespace CodeIndex.Changes;

/// <summary>The git side of a change: revisions, the diff between them with changed line numbers, file texts at a revision (LibGit2Sharp).</summary>
public sealed class GitRepository : IDisposable
{
    private readonly Repository _repository;

    private GitRepository(Repository repository, string root)
    {
        _repository = repository;
        Root = root;
    }

    /// <summary>The working tree's root (no trailing slash).</summary>
    public string Root { get; }

    /// <summary>Opens the git repository that holds <paramref name="path"/>.</summary>
    /// <exception cref="UserInputException"><c>not_a_git_repository</c>.</exception>
    public static GitRepository Open(string path)
    {
        var found = Repository.Discover(Path.GetFullPath(path));
        if (found is null)
        {
            throw new UserInputException("not_a_git_repository", $"'{path}' is not inside a git repository. To fix this, run from a clone, or pass --files with the changed files instead of a revision range.");
        }

        try
        {
            var repository = new Repository(found);
            var root = repository.Info.WorkingDirectory ?? throw new UserInputException("not_a_git_repository", $"'{found}' is a bare repository: a revision range needs a working tree.");
            return new GitRepository(repository, Path.GetFullPath(root).TrimEnd('/'));
        }
        catch (LibGit2SharpException ex)
        {
            throw new UserInputException("not_a_git_repository", $"git could not open '{found}': {ex.Message}", ex);
        }
    }

    /// <summary>The full commit id a revision names (<c>main</c>, <c>HEAD~1</c>, a short id, a tag).</summary>
    /// <exception cref="UserInputException"><c>revision_not_found</c>.</exception>
    public string ResolveCommit(string revision)
    {
        GitObject? found = null;
        try
        {
            found = _repository.Lookup(revision);
        }
        catch (LibGit2SharpException)
        {
        }

        return found?.Peel<Commit>()?.Sha
            ?? throw new UserInputException("revision_not_found", $"git does not know the revision '{revision}' in {Root}. To fix this, fetch it (git fetch origin {revision}) or pass a branch, tag or commit that exists; in CI, check out with enough history (fetch-depth: 0).");
    }

    /// <summary>The best common ancestor of two commits (the base of <c>a...b</c>).</summary>
    public string MergeBase(string a, string b) =>
        _repository.ObjectDatabase.FindMergeBase(_repository.Lookup<Commit>(a), _repository.Lookup<Commit>(b))?.Sha
        ?? throw new UserInputException("revision_not_found", $"{a[..12]} and {b[..12]} have no common ancestor.");

    /// <summary>The commit HEAD points at.</summary>
    public string HeadCommit => _repository.Head.Tip?.Sha ?? throw new UserInputException("revision_not_found", $"{Root} has no commit yet.");

    /// <summary>The C# files that differ between <paramref name="baseCommit"/> and <paramref name="headCommit"/> (null: the working tree, staged or not), with their changed lines.</summary>
    public IReadOnlyList<FileDiff> Diff(string baseCommit, string? headCommit)
    {
        var baseTree = _repository.Lookup<Commit>(baseCommit).Tree;
        var options = new CompareOptions { ContextLines = 0, Similarity = SimilarityOptions.Renames };
        using var patch = headCommit is null
            ? _repository.Diff.Compare<Patch>(baseTree, DiffTargets.Index | DiffTargets.WorkingDirectory, null, null, options)
            : _repository.Diff.Compare<Patch>(baseTree, _repository.Lookup<Commit>(headCommit).Tree, options);
        var result = new List<FileDiff>();
        foreach (var entry in patch)
        {
            if (!entry.Path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) && !entry.OldPath.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            result.Add(new FileDiff(
                entry.Status == ChangeKind.Added ? null : entry.OldPath.Replace('\\', '/'),
                entry.Status == ChangeKind.Deleted ? null : entry.Path.Replace('\\', '/'),
                entry.DeletedLines.Select(l => l.LineNumber).ToHashSet(),
                entry.AddedLines.Select(l => l.LineNumber).ToHashSet()));
        }

        return result;
    }

    /// <summary>The text of <paramref name="path"/> at <paramref name="commit"/> (null: the working tree); null when it does not exist there.</summary>
    public string? Read(string? commit, string path)
    {
        if (commit is null)
        {
            var full = Path.Combine(Root, path);
            return File.Exists(full) ? File.ReadAllText(full) : null;
        }

        return _repository.Lookup<Commit>(commit)[path]?.Target is Blob blob ? blob.GetContentText() : null;
    }

    public void Dispose() => _repository.Dispose();
}

/// <summary>One changed C# file: its path on each side (null where it does not exist) and the changed line numbers (1-based) on each side.</summary>
public sealed record FileDiff(string? OldPath, string? NewPath, IReadOnlySet<int> DeletedLines, IReadOnlySet<int> AddedLines);
