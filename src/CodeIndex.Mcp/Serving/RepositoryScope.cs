using CodeIndex.Core.Errors;
using CodeIndex.Mcp.Watching;
using CodeIndex.Watch.Hosting;
using Npgsql;

namespace CodeIndex.Mcp.Serving;

/// <summary>Which repository a call is about, and the state of its index — one statement (<see cref="WatchStatusStore.ReadAsync"/>).</summary>
/// <remarks>
/// Scoped (<c>codeindex mcp ./repo</c>): the repository whose root holds the path, and no other. Unscoped: the call's <c>repo</c>
/// (name or root path), or the only indexed repository; several without <c>repo</c> is an error that lists them.
/// </remarks>
public sealed class RepositoryScope(McpServerSettings settings, ServedWatch? watch = null)
{
    private readonly string? _scope = settings.ScopePath is null ? null : Path.GetFullPath(settings.ScopePath).TrimEnd('/');

    /// <summary>The server answers for one repository only.</summary>
    public bool IsScoped => _scope is not null;

    /// <summary>The repository of this call and its index state.</summary>
    /// <exception cref="UserInputException"><c>repository_not_indexed</c>, <c>repository_not_found</c>, <c>repository_ambiguous</c>, <c>repository_out_of_scope</c>.</exception>
    public async Task<(long Id, IndexState State)> ResolveAsync(NpgsqlDataSource db, string? repo, CancellationToken cancellationToken)
    {
        var all = (await new WatchStatusStore(db).ReadAsync(null, cancellationToken).ConfigureAwait(false)).Where(r => r.LastFullIndex is not null).ToList();
        DaemonStatus chosen;
        if (_scope is not null)
        {
            var inScope = all.Where(r => IsUnder(_scope, r.RootPath)).OrderByDescending(r => r.RootPath.Length).FirstOrDefault();
            if (inScope is null)
            {
                throw new UserInputException("repository_not_indexed", watch is not null
                    ? $"'{_scope}' is being indexed by this server for the first time ({watch.Mode}); retry in a few seconds (index_status shows progress)."
                    : $"'{_scope}' is not indexed yet. To fix this, run 'codeindex index {_scope}', or start the server as 'codeindex mcp --watch {_scope}' to index it and keep it live.");
            }

            if (repo is not null && !Matches(inScope, repo))
            {
                throw new UserInputException("repository_out_of_scope", $"This server answers for '{inScope.Repository}' ({inScope.RootPath}) only; omit repo, or start a server without a path to serve every repository.");
            }

            chosen = inScope;
        }
        else if (repo is not null)
        {
            chosen = all.FirstOrDefault(r => Matches(r, repo))
                ?? throw new UserInputException("repository_not_found", $"No indexed repository is named or rooted at '{repo}'. Indexed: {Names(all)}.");
        }
        else
        {
            chosen = all.Count switch
            {
                0 => throw new UserInputException("repository_not_indexed", "No repository is indexed yet. To fix this, run 'codeindex index <path>' (or 'codeindex mcp --watch <path>')."),
                1 => all[0],
                _ => throw new UserInputException("repository_ambiguous", $"{all.Count} repositories are indexed; pass repo with one of: {Names(all)}.")
                {
                    Details = new Dictionary<string, object?>(StringComparer.Ordinal) { ["repositories"] = all.Select(r => r.Repository).ToList() },
                },
            };
        }

        var live = watch?.Current is { Repository: { } watched } pipeline && watched.Id == chosen.RepositoryId ? pipeline : null;
        return (chosen.RepositoryId, IndexState.From(chosen, live?.FilesPending, live?.IsIdle));
    }

    /// <summary>The state of every repository this server can answer for (index_status without a repository).</summary>
    public async Task<IReadOnlyList<IndexState>> ListAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var all = await new WatchStatusStore(db).ReadAsync(null, cancellationToken).ConfigureAwait(false);
        return all.Where(r => _scope is null || IsUnder(_scope, r.RootPath))
            .Select(r => watch?.Current is { Repository: { } w } p && w.Id == r.RepositoryId ? IndexState.From(r, p.FilesPending, p.IsIdle) : IndexState.From(r, null, null))
            .ToList();
    }

    private static bool Matches(DaemonStatus r, string repo) =>
        string.Equals(r.Repository, repo, StringComparison.Ordinal)
        || string.Equals(r.RootPath.TrimEnd('/'), Path.GetFullPath(repo).TrimEnd('/'), StringComparison.Ordinal);

    private static string Names(IReadOnlyList<DaemonStatus> all) => all.Count == 0 ? "(none)" : string.Join(", ", all.Select(r => r.Repository));

    private static bool IsUnder(string path, string root)
    {
        var r = root.TrimEnd('/');
        return path.Equals(r, StringComparison.Ordinal) || path.StartsWith(r + "/", StringComparison.Ordinal);
    }
}
