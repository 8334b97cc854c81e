using System.Threading.Channels;

namespace CodeIndex.Watch.Watching;

/// <summary>What happened to a path: changed (created, written, moved in), deleted (or moved out), a folder gone, or lost events.</summary>
internal enum FileEventKind
{
    Changed,
    Deleted,
    FolderGone,

    /// <summary>Events were lost (queue overflow, watcher error): the pipeline reconciles the whole tree.</summary>
    Overflow,
}

/// <summary>One raw event of a watcher, before filtering and debouncing.</summary>
internal readonly record struct FileEvent(string Path, FileEventKind Kind);

/// <summary>A source of file events for a repository tree: inotify, or polling when inotify's limits are reached.</summary>
internal interface IFileChangeSource : IDisposable
{
    /// <summary>"inotify" or "polling".</summary>
    string Mode { get; }

    /// <summary>Starts watching; events go to <paramref name="events"/> until disposal.</summary>
    Task StartAsync(ChannelWriter<FileEvent> events, CancellationToken cancellationToken);
}

/// <summary>inotify cannot watch the tree (kernel limits or not available); the message names the limit to raise.</summary>
internal sealed class WatchLimitException(string message) : Exception(message);
