using System.Diagnostics;
using CodeIndex.Changes;
using CodeIndex.Core.Errors;

namespace CodeIndex.Cli.Pipeline;

/// <summary>
/// <c>index --revision &lt;rev&gt;</c>: a detached git worktree of the repository at that commit, under
/// <c>$CODEINDEX_WORKTREES</c> (default <c>$XDG_CACHE_HOME/codeindex/worktrees</c>, else <c>~/.cache/codeindex/worktrees</c>),
/// one folder per repository and commit and reused while it exists. Its index is a repository of its own (root = the worktree),
/// named <c>&lt;name&gt;@&lt;commit12&gt;</c> and tagged with the commit and the source root (schema 012), so the index of a
/// working tree and the indexes of revisions live side by side. Worktrees are made with git itself (<c>git worktree add</c>).
/// </summary>
internal static class RevisionWorktree
{
    public sealed record Checkout(string SourceRoot, string Commit, string WorktreeRoot, string Input, string Name);

    public static async Task<Checkout> PrepareAsync(string input, string revision, CancellationToken cancellationToken)
    {
        using var git = GitRepository.Open(File.Exists(input) ? Path.GetDirectoryName(input)! : input);
        var commit = git.ResolveCommit(revision);
        var name = Path.GetFileName(git.Root);
        var folder = Path.Combine(Folder(), $"{name}-{commit[..12]}");
        if (!File.Exists(Path.Combine(folder, ".git")))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
            await RunGitAsync(git.Root, ["worktree", "prune"], cancellationToken).ConfigureAwait(false);
            await RunGitAsync(git.Root, ["worktree", "add", "--detach", "--force", folder, commit], cancellationToken).ConfigureAwait(false);
        }

        var relative = Path.GetRelativePath(git.Root, Path.GetFullPath(input));
        var mapped = relative == "." ? folder : Path.Combine(folder, relative);
        if (!File.Exists(mapped) && !Directory.Exists(mapped))
        {
            throw new UserInputException("path_not_found", $"'{relative}' does not exist at revision {revision} ({commit[..12]}). To fix this, pass an input that exists in that revision.");
        }

        return new Checkout(git.Root, commit, folder, mapped, $"{name}@{commit[..12]}");
    }

    private static string Folder()
    {
        if (Environment.GetEnvironmentVariable("CODEINDEX_WORKTREES") is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "codeindex", "worktrees");
    }

    private static async Task RunGitAsync(string root, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(root);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new OperationFailedException("git_failed", "Could not start git.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new OperationFailedException("git_missing", $"git is not installed or not on PATH ({ex.Message}); index --revision needs it to check the revision out.", ex);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new OperationFailedException("git_failed", $"git {string.Join(' ', args)} failed: {(await stderr.ConfigureAwait(false)).Trim()}");
            }
        }
    }
}
