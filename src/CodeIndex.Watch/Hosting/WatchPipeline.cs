using System.Diagnostics;
using System.Net.Sockets;
using System.Threading.Channels;
using CodeIndex.Core.Errors;
using CodeIndex.Loading;
using CodeIndex.Storage.Repositories;
using CodeIndex.Watch.Batching;
using CodeIndex.Watch.Incremental;
using CodeIndex.Watch.Indexing;
using CodeIndex.Watch.Watching;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CodeIndex.Watch.Hosting;

/// <summary>
/// The watch, start to stop, as one reusable piece (the <c>watch</c> command and the MCP server's watch run it): file events →
/// batches → the warm workspace → the documents a change rebinds → one document-scoped write → followers (embeddings, Chroma).
/// </summary>
/// <remarks>
/// Start-up: the watcher starts first (nothing saved during the load is missed), then the load, the daemon lock, and a full index
/// (repository not indexed, or a project's inputs changed) or a reconciliation by content hash (a restart on an unchanged tree
/// writes nothing). Each batch's changes are applied to the workspace and accumulate in a pending scope until a write commits
/// it: when the database is down the scope waits and is retried with backoff, so nothing is lost. Cancellation (Ctrl-C,
/// SIGTERM) rolls the write in flight back; the next start reconciles.
/// </remarks>
public sealed partial class WatchPipeline(WatchOptions options, NpgsqlDataSource dataSource, ILoggerFactory loggerFactory, IIndexFollower? follower = null)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(15);

    private readonly ILogger _logger = loggerFactory.CreateLogger<WatchPipeline>();
    private readonly WatchStatusStore _status = new(dataSource);
    private readonly HashSet<string> _pendingScope = new(StringComparer.Ordinal);
    private readonly Channel<FileEvent> _events = Channel.CreateUnbounded<FileEvent>(); // not SingleReader: that one cannot count (IsIdle)
    private readonly SemaphoreSlim _followSignal = new(0, 1);
    private WarmWorkspace? _workspace;
    private ChangeApplier? _applier;
    private DocumentFilter? _filter;
    private Dictionary<string, string> _projectHashes = new(StringComparer.Ordinal);
    private bool _pendingFull;
    private long _batches;
    private bool _databaseDown;
    private volatile bool _busy = true;
    private volatile int _inFlight;
    private ChangeBatcher? _batcher;

    /// <summary>Raised for every <see cref="WatchEvent"/> (on the pipeline's task; handlers must be quick).</summary>
    public event Action<WatchEvent>? Event;

    /// <summary>The repository watched, once loaded.</summary>
    public RepositoryInfo? Repository { get; private set; }

    /// <summary>Batches committed since start.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>"inotify" or "polling", once started.</summary>
    public string? WatchMode { get; private set; }

    /// <summary>Ready, and nothing queued, collecting, being applied or waiting to be written: every event so far is in the index.</summary>
    /// <remarks>An event the kernel has not delivered yet is not counted: callers that just wrote a file wait a moment first.</remarks>
    /// <summary>Files seen but not in the index yet: queued events, the batch being collected, and the documents awaiting their write
    /// (the batch in flight, or a write the database refused and that is retried).</summary>
    public int FilesPending => _events.Reader.Count + (_batcher?.Pending ?? 0) + _pendingScope.Count + _inFlight;

    public bool IsIdle => !_busy && _events.Reader.Count == 0 && _batcher is { Collecting: false } && !HasPending;

    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled (returns normally) or a fatal error (throws).</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        options.Validate();
        var input = Path.GetFullPath(options.InputPath);
        var rootGuess = Directory.Exists(input) ? input : Path.GetDirectoryName(input)!;
        var root = RootOf(rootGuess);

        // The lock first: a second watcher refuses before it spends a load.
        Repository = await new RepositoryStore(dataSource).GetOrCreateAsync(root, stoppingToken).ConfigureAwait(false);
        await using var daemonLock = await DaemonLock.AcquireAsync(dataSource, Repository.Id, Repository.Name, stoppingToken).ConfigureAwait(false);
        await _status.StartedAsync(Repository.Id, input, stoppingToken).ConfigureAwait(false);
        using var watcher = await StartWatcherAsync(root, stoppingToken).ConfigureAwait(false); // before the load: no save is missed
        var startClock = Stopwatch.StartNew();
        try
        {
            _workspace = await LoadAsync(stoppingToken).ConfigureAwait(false)
                ?? throw new OperationFailedException("nothing_indexed", $"No C# source file could be indexed from '{options.InputPath}'. To fix this, check that the path holds C# projects or .cs files.");
        }
        catch (Exception) when (Repository.IndexedAt is null && !stoppingToken.IsCancellationRequested)
        {
            // A repository row made for an input that does not load would only be noise in 'repos'.
            await new RepositoryStore(dataSource).RemoveAsync(Repository.Id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        try
        {
            if (!string.Equals(_workspace.RepositoryRoot.TrimEnd('/'), Repository.RootPath.TrimEnd('/'), StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The loaded repository root '{_workspace.RepositoryRoot}' differs from '{Repository.RootPath}'.");
            }

            var loadMs = (long)startClock.Elapsed.TotalMilliseconds;
            Emit(WatchEvent.Of("started", ("repository", Repository.Name), ("root", Repository.RootPath), ("input", input), ("watcher", WatchMode), ("loadMs", loadMs)));
            ResetWorkspaceState();

            var plan = await Reconciler.PlanStartAsync(dataSource, Repository.Id, _workspace, stoppingToken).ConfigureAwait(false);
            _pendingFull = plan.Full;
            _pendingScope.UnionWith(plan.Scope);
            var documents = plan.Full ? _workspace.Projects.Sum(p => p.Documents.Count) : plan.Scope.Count;
            await WritePendingAsync(daemonLock, stoppingToken).ConfigureAwait(false);
            await _status.ReadyAsync(Repository.Id, stoppingToken).ConfigureAwait(false);
            var mode = plan.Full ? "full index" : plan.Scope.Count == 0 ? "unchanged" : "reconciled";
            WatchLog.Ready(_logger, $"{mode} ({plan.Reason})", documents, (long)startClock.Elapsed.TotalMilliseconds);
            Emit(WatchEvent.Of("ready", ("mode", mode), ("reason", plan.Reason), ("documents", documents), ("loadMs", loadMs),
                ("reconcileMs", (long)startClock.Elapsed.TotalMilliseconds - loadMs), ("ms", (long)startClock.Elapsed.TotalMilliseconds)));

            using var followers = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var following = follower is null ? Task.CompletedTask : FollowLoopAsync(followers.Token);
            var reconciling = ReconcileTimerAsync(followers.Token);
            var warming = WarmCompilationsAsync(_workspace, followers.Token);
            try
            {
                await LoopAsync(daemonLock, stoppingToken).ConfigureAwait(false);
            }
            finally
            {
                await followers.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(following, reconciling, warming).ConfigureAwait(false);
            }
        }
        finally
        {
            _workspace?.Dispose();
            _workspace = null;
            Emit(WatchEvent.Of("stopped", ("batches", Batches)));
        }
    }

    private async Task LoopAsync(DaemonLock daemonLock, CancellationToken stoppingToken)
    {
        var batcher = _batcher = new ChangeBatcher(_workspace!.RepositoryRoot, _events.Reader, options.Debounce, options.MaxBatchDelay);
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            _busy = false;
            ChangeBatch batch;
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                if (HasPending)
                {
                    wait.CancelAfter(backoff); // retry the pending write when no event comes first
                }

                try
                {
                    batch = await batcher.NextAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    batch = new ChangeBatch();
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            _busy = true;
            try
            {
                _inFlight = batch.Count;
                await ProcessAsync(batch, daemonLock, stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.Zero;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return; // the write in flight rolled back; the next start reconciles
            }
            catch (Exception ex) when (IsTransient(ex))
            {
                backoff = Next(backoff);
                if (!_databaseDown)
                {
                    _databaseDown = true;
                    WatchLog.DatabaseDown(_logger, ex.Message, _pendingScope.Count);
                    Emit(WatchEvent.Of("database", ("state", "down"), ("reason", ex.Message), ("pending", _pendingScope.Count)));
                }
            }
            catch (Exception ex) when (ex is not Core.Errors.OperationFailedException { Code: "watch_lock_lost" } and not OutOfMemoryException)
            {
                // Not the database being away: report it and retry the pending scope with backoff (it stays pending, nothing is lost).
                backoff = Next(backoff);
                WatchLog.BatchFailed(_logger, ex, ex.Message);
                Emit(WatchEvent.Of("error", ("message", ex.Message), ("retryInMs", (long)backoff.TotalMilliseconds)));
                await TryRecordErrorAsync(ex.Message).ConfigureAwait(false);
            }
            finally
            {
                _inFlight = 0; // what was not written is in the pending scope now
            }
        }
    }

    private static TimeSpan Next(TimeSpan backoff) =>
        backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));

    private async Task TryRecordErrorAsync(string message)
    {
        try
        {
            await _status.ErrorAsync(Repository!.Id, message, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
        }
    }

    private bool HasPending => _pendingFull || _pendingScope.Count > 0;

    private async Task ProcessAsync(ChangeBatch batch, DaemonLock daemonLock, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var workspace = _workspace!;
        if (batch.Reconcile)
        {
            var diff = Reconciler.DiffTree(workspace, _applier!, _projectHashes, cancellationToken);
            batch.SourceFiles.UnionWith(diff.SourceFiles);
            batch.ProjectFiles.UnionWith(diff.ProjectFiles);
        }

        foreach (var folder in batch.GoneFolders)
        {
            batch.SourceFiles.UnionWith(workspace.IndexedPaths().Where(p => p.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal) && !File.Exists(p)));
        }

        AppliedChanges? applied = null;
        if (batch.ProjectFiles.Count > 0)
        {
            await ReloadAsync(batch.ProjectFiles, cancellationToken).ConfigureAwait(false);
        }
        else if (batch.SourceFiles.Count > 0)
        {
            // Pending before applying: a failure half-way still writes what was applied (unapplied files rewrite their stored state).
            _pendingScope.UnionWith(batch.SourceFiles.Select(workspace.Relative));
            applied = await _applier!.ApplyAsync(batch.SourceFiles, cancellationToken).ConfigureAwait(false);
            _pendingScope.UnionWith(applied.Dependents.Scope);
            foreach (var problem in applied.Problems)
            {
                WatchLog.FileProblem(_logger, workspace.Relative(problem.Path), problem.Reason);
                Emit(WatchEvent.Of("problem", ("path", workspace.Relative(problem.Path)), ("reason", problem.Reason)));
            }
        }

        var applyTime = clock.Elapsed;
        if (!HasPending)
        {
            return;
        }

        // Applied source files are counted by the pending scope from here on (a failed write keeps them there).
        _inFlight = batch.ProjectFiles.Count;
        await _status.PendingAsync(Repository!.Id, FilesPending, cancellationToken).ConfigureAwait(false);

        await WritePendingAsync(daemonLock, cancellationToken, batch.Count, applied, applyTime, clock).ConfigureAwait(false);
    }

    private async Task WritePendingAsync(DaemonLock daemonLock, CancellationToken cancellationToken, int files = 0, AppliedChanges? applied = null, TimeSpan applyTime = default, Stopwatch? clock = null)
    {
        if (!HasPending)
        {
            return;
        }

        clock ??= Stopwatch.StartNew();
        if (!await daemonLock.EnsureHeldAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new OperationFailedException("watch_lock_lost",
                $"Another codeindex watch took over repository '{Repository!.Name}' while the database was unreachable; this daemon stops.");
        }

        var workspace = _workspace!;
        var full = _pendingFull;
        var scope = full ? null : _pendingScope.ToList();
        var input = workspace.Input;
        var writeClock = Stopwatch.StartNew();
        var result = await new GraphIndexer(dataSource, loggerFactory).WriteAsync(
            Repository!.Id, input, scope, full ? input.ProjectStates() : null, noWait: false,
            full ? stats => System.Text.Json.JsonSerializer.Serialize(new { documents = stats.Documents, skippedDocuments = stats.SkippedDocuments.Count, by = "watch" }) : null,
            null, cancellationToken).ConfigureAwait(false);
        var writeTime = writeClock.Elapsed - result.ExtractTime;
        _pendingFull = false;
        _pendingScope.Clear();
        _inFlight = 0;
        if (_databaseDown)
        {
            _databaseDown = false;
            WatchLog.DatabaseBack(_logger);
            Emit(WatchEvent.Of("database", ("state", "up")));
        }

        var number = Interlocked.Increment(ref _batches);
        var commit = result.Commit;
        var summary = new
        {
            batch = number,
            full,
            files,
            documents = full ? result.Documents : scope!.Count,
            extracted = result.Documents,
            dependents = applied?.Dependents.Dependents ?? 0,
            wide = applied?.Dependents.WideReason,
            symbolsAdded = commit.SymbolsInserted,
            symbolsChanged = commit.SymbolsUpdated,
            symbolsRemoved = commit.SymbolsDeleted,
            relationships = commit.Relationships,
            sites = commit.RelationshipSites,
            applyMs = (long)applyTime.TotalMilliseconds,
            extractMs = (long)result.ExtractTime.TotalMilliseconds,
            writeMs = (long)writeTime.TotalMilliseconds,
            totalMs = (long)clock.Elapsed.TotalMilliseconds,
        };
        WatchLog.BatchDone(_logger, number, files, summary.documents, summary.dependents, summary.wide is null ? "" : $", wide: {summary.wide}",
            commit.SymbolsInserted, commit.SymbolsUpdated, commit.SymbolsDeleted, commit.Relationships, summary.applyMs, summary.extractMs, summary.writeMs, summary.totalMs);
        foreach (var skipped in result.Skipped)
        {
            Emit(WatchEvent.Of("problem", ("path", skipped.FilePath), ("reason", skipped.Reason)));
        }

        Emit(WatchEvent.Of("batch",
            ("batch", number), ("full", full), ("files", files), ("documents", summary.documents), ("extracted", summary.extracted),
            ("dependents", summary.dependents), ("wide", summary.wide), ("symbolsAdded", commit.SymbolsInserted), ("symbolsChanged", commit.SymbolsUpdated),
            ("symbolsRemoved", commit.SymbolsDeleted), ("relationships", commit.Relationships), ("sites", commit.RelationshipSites),
            ("ms", new { apply = summary.applyMs, extract = summary.extractMs, write = summary.writeMs, total = summary.totalMs }),
            ("memory", Memory())));
        await _status.BatchAsync(Repository.Id, summary, FilesPending, cancellationToken).ConfigureAwait(false);
        if (follower is not null && options.Embed)
        {
            try
            {
                _followSignal.Release(); // coalesced: at most one follow queued
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    /// <summary>The process's resident set and the managed heap after the batch (no collection forced), in MiB: where RSS growth comes from.</summary>
    private static object Memory()
    {
        var gc = GC.GetGCMemoryInfo();
        return new
        {
            rssMiB = Environment.WorkingSet >> 20,
            heapMiB = GC.GetTotalMemory(false) >> 20,
            committedMiB = gc.TotalCommittedBytes >> 20,
            gen2Collections = GC.CollectionCount(2),
        };
    }

    private static bool IsTransient(Exception ex) =>
        ex is NpgsqlException { IsTransient: true } or SocketException or TimeoutException
        || (ex is NpgsqlException && ex.InnerException is SocketException or IOException or TimeoutException)
        || ex is PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "08006" or "08001" or "08003" };

    private void Emit(WatchEvent e)
    {
        try
        {
            Event?.Invoke(e);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // A closed stdout must not stop the watch.
        }
    }
}
