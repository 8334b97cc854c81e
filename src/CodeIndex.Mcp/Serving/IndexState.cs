using System.Security.Cryptography;
using System.Text;
using CodeIndex.Watch.Hosting;

namespace CodeIndex.Mcp.Serving;

/// <summary>
/// The state of a repository's index that an answer was read from, reported with every answer so an agent knows whether its
/// last edit is in. Read before the answer's own queries, and each of those sees every write committed before it: so
/// everything the state counts (the last batch, no file pending) is in the answer, which may even be a little newer.
/// </summary>
/// <param name="IndexedAt">Last whole-repository index (<c>index</c>, or the watch's start-up index).</param>
/// <param name="WatchedBy"><c>this-server</c> (<c>mcp --watch</c>), <c>daemon</c> (a <c>codeindex watch</c> process) or <c>none</c>.</param>
/// <param name="Ready">The watch finished its start-up (full index or reconciliation).</param>
/// <param name="Batches">Batches the watching process committed since it started.</param>
/// <param name="FilesPending">Files saved but not in the index yet (0 when nothing watches).</param>
/// <param name="UpToDate">A watch is ready and has no file pending: the answer reflects the files as saved (up to the kernel's event delay).</param>
/// <param name="Generation">Changes whenever the index does (whole index or batch); a paging cursor carries it.</param>
public sealed record IndexState(
    string Repository,
    string Root,
    DateTime? IndexedAt,
    string WatchedBy,
    int? WatcherPid,
    bool Ready,
    long Batches,
    DateTime? LastBatchAt,
    int FilesPending,
    bool UpToDate,
    string? LastError,
    string Generation)
{
    public static IndexState From(DaemonStatus status, int? livePending, bool? liveIdle)
    {
        ArgumentNullException.ThrowIfNull(status);
        var watchedBy = !status.Live ? "none" : status.Pid == Environment.ProcessId && livePending is not null ? "this-server" : "daemon";
        var pending = livePending ?? status.FilesPending;
        var ready = status.Live && status.ReadyAt is not null;
        var upToDate = ready && pending == 0 && (liveIdle ?? true);
        var generation = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{status.RepositoryId}|{status.LastFullIndex?.Ticks}|{status.LastBatchAt?.Ticks}")))[..12];
        return new IndexState(status.Repository, status.RootPath, status.LastFullIndex, watchedBy, status.Live ? status.Pid : null, ready,
            status.Batches, status.LastBatchAt, pending, upToDate, status.LastError, generation);
    }

    /// <summary>One line for the text rendering of an answer.</summary>
    public string Describe() => WatchedBy switch
    {
        "none" => $"index of {Repository} as of {IndexedAt:u} (not watched: edits since then are not in)",
        _ when !Ready => $"index of {Repository}: the watch ({WatchedBy}) is starting; answers come from the index as it was",
        _ => $"index of {Repository}: live ({WatchedBy}), {Batches} batch(es), last at {LastBatchAt:u}, {FilesPending} file(s) pending{(UpToDate ? ", up to date" : "")}",
    };
}
