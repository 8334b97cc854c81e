using System.Diagnostics;
using CodeIndex.Loading;
using CodeIndex.Watch.Incremental;
using CodeIndex.Watch.Watching;
using Microsoft.Extensions.Logging;

namespace CodeIndex.Watch.Hosting;

/// <summary>Watcher start-up, (re)loading the workspace, and the background loops of the pipeline.</summary>
public sealed partial class WatchPipeline
{
    private static string RootOf(string folder) => RepositoryRootLocator.Find(folder);

    private async Task<IFileChangeSource> StartWatcherAsync(string root, CancellationToken cancellationToken)
    {
        if (!options.ForcePolling)
        {
            var inotify = new InotifyWatcher(root, _logger);
            try
            {
                await inotify.StartAsync(_events.Writer, cancellationToken).ConfigureAwait(false);
                WatchMode = inotify.Mode;
                WatchLog.Watching(_logger, root, inotify.Mode, inotify.WatchedFolders);
                return inotify;
            }
            catch (WatchLimitException ex)
            {
                inotify.Dispose();
                WatchLog.WatchLimitPolling(_logger, options.PollInterval.TotalSeconds, ex.Message);
                Emit(WatchEvent.Of("problem", ("path", root), ("reason", $"file watching falls back to polling every {options.PollInterval.TotalSeconds:0.#} s: {ex.Message}")));
            }
        }

        var polling = new PollingWatcher(root, options.PollInterval);
        await polling.StartAsync(_events.Writer, cancellationToken).ConfigureAwait(false);
        WatchMode = polling.Mode;
        WatchLog.Watching(_logger, root, polling.Mode, 0);
        return polling;
    }

    private async Task<WarmWorkspace?> LoadAsync(CancellationToken cancellationToken)
    {
        var loaded = await new WorkspaceLoader(loggerFactory.CreateLogger<WorkspaceLoader>())
            .LoadAsync(new LoadOptions(options.InputPath, options.Framework, options.Restore, options.MaxFileBytes), null, cancellationToken)
            .ConfigureAwait(false);
        if (loaded.Projects.Sum(p => p.Documents.Count) == 0)
        {
            loaded.Dispose();
            return null;
        }

        return new WarmWorkspace(loaded);
    }

    /// <summary>A project, solution or Directory.* file changed: load again (restoring), and index the whole repository from the new
    /// load. A load that loses a project that loaded before (an invalid project file) keeps the last good state.</summary>
    private async Task ReloadAsync(IReadOnlyCollection<string> changed, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var reason = string.Join(", ", changed.Select(p => _workspace!.Relative(p)).Order(StringComparer.Ordinal).Take(5));
        WarmWorkspace? next;
        string? failure = null;
        try
        {
            next = await LoadAsync(cancellationToken).ConfigureAwait(false);
            if (next is null)
            {
                failure = "no C# document could be loaded";
            }
            else
            {
                var lost = _workspace!.Projects.Select(p => p.Project.FilePath).OfType<string>().Distinct(StringComparer.Ordinal)
                    .Where(f => File.Exists(f) && next.Projects.All(p => p.Project.FilePath != f)).ToList();
                if (lost.Count > 0)
                {
                    var problems = string.Join("; ", next.Loaded.Diagnostics.Where(d => d.Severity == LoadDiagnostic.Error).Take(3).Select(d => d.ToString()));
                    failure = $"{string.Join(", ", lost.Select(_workspace.Relative))} no longer load{(problems.Length > 0 ? $" ({problems})" : "")}";
                    next.Dispose();
                    next = null;
                }
            }
        }
        catch (Exception ex) when (ex is Core.Errors.CodeIndexException or InvalidOperationException or IOException)
        {
            next = null;
            failure = ex.Message;
        }

        if (next is null)
        {
            WatchLog.ReloadFailed(_logger, failure!);
            Emit(WatchEvent.Of("reload", ("changed", reason), ("ok", false), ("reason", failure), ("ms", (long)clock.Elapsed.TotalMilliseconds)));
            await _status.ErrorAsync(Repository!.Id, $"reload after {reason}: {failure}", cancellationToken).ConfigureAwait(false);
            return;
        }

        _workspace!.Dispose();
        _workspace = next;
        ResetWorkspaceState();
        _pendingFull = true;
        _pendingScope.Clear();
        Emit(WatchEvent.Of("reload", ("changed", reason), ("ok", true), ("projects", next.Projects.Count), ("ms", (long)clock.Elapsed.TotalMilliseconds)));
    }

    private void ResetWorkspaceState()
    {
        var workspace = _workspace!;
        _filter = DocumentFilter.ForWatch(workspace.RepositoryRoot, options.MaxFileBytes, _logger);
        _applier = new ChangeApplier(workspace, _filter);
        _projectHashes = workspace.Input.ProjectStates().ToDictionary(p => p.ProjectPath, p => p.InputHash, StringComparer.Ordinal);
    }

    private async Task FollowLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _followSignal.WaitAsync(cancellationToken).ConfigureAwait(false);
                await follower!.FollowAsync(Repository!.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Embeddings and Chroma are secondary: the graph goes on; the next batch (or the next start) catches up.
                WatchLog.BatchFailed(_logger, ex, "embedding/Chroma follow-up: " + ex.Message);
                Emit(WatchEvent.Of("problem", ("path", null), ("reason", "embedding follow-up failed: " + ex.Message)));
            }
        }
    }

    /// <summary>After a start-up that wrote little (a reconciliation), no compilation is computed yet, and the first edit of each
    /// project would pay for it: compute them in the background, one project at a time, so the first save is as fast as the next.</summary>
    private static async Task WarmCompilationsAsync(WarmWorkspace workspace, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var chosen in workspace.Projects)
            {
                if (workspace.Current.GetProject(chosen.Project.Id) is { } project)
                {
                    await Task.Run(() => project.GetCompilationAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReconcileTimerAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.ReconcileInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                _events.Writer.TryWrite(new FileEvent(_workspace?.RepositoryRoot ?? string.Empty, FileEventKind.Overflow));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
