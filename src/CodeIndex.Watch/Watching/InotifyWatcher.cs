using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using CodeIndex.Loading;
using Microsoft.Extensions.Logging;

namespace CodeIndex.Watch.Watching;

/// <summary>
/// Watches the folders of a repository that can hold indexed files with one Linux inotify instance, skipping build output and
/// tool folders (<see cref="SourceTreeWalker.IsSkippedFolder"/>) and symlinked folders, and adding folders as they appear.
/// </summary>
/// <remarks>
/// Written by hand because no served package watches selected folders: <see cref="FileSystemWatcher"/> either watches a whole
/// tree (bin/, obj/ and .git/ included, one inotify watch per folder in them) or needs one watcher — one inotify instance, of
/// which a user has 128 by default — per folder. A full event queue (IN_Q_OVERFLOW) is reported as an overflow: the pipeline then
/// reconciles. When the kernel limits are reached (<c>fs.inotify.max_user_instances</c>, <c>fs.inotify.max_user_watches</c>),
/// <see cref="StartAsync"/> fails with <see cref="WatchLimitException"/> and the host falls back to polling.
/// </remarks>
internal sealed partial class InotifyWatcher : IFileChangeSource
{
    private const uint InModify = 0x2, InAttrib = 0x4, InCloseWrite = 0x8, InMovedFrom = 0x40, InMovedTo = 0x80, InCreate = 0x100,
        InDelete = 0x200, InDeleteSelf = 0x400, InMoveSelf = 0x800, InQueueOverflow = 0x4000, InIgnored = 0x8000, InOnlyDir = 0x01000000,
        InDontFollow = 0x02000000, InExclUnlink = 0x04000000, InIsDir = 0x40000000;

    private const uint Mask = InModify | InAttrib | InCloseWrite | InMovedFrom | InMovedTo | InCreate | InDelete | InDeleteSelf | InMoveSelf
        | InOnlyDir | InDontFollow | InExclUnlink;

    private const int InNonBlock = 0x800, InCloExec = 0x80000, Enospc = 28, Emfile = 24, Eintr = 4, Eagain = 11;

    private readonly string _root;
    private readonly ILogger _logger;
    private readonly Dictionary<int, string> _folders = [];
    private readonly Lock _gate = new();
    private int _fd = -1;
    private Thread? _thread;
    private volatile bool _stopping;

    public InotifyWatcher(string root, ILogger logger)
    {
        _root = Path.GetFullPath(root).TrimEnd('/');
        _logger = logger;
    }

    public string Mode => "inotify";

    public int WatchedFolders
    {
        get
        {
            lock (_gate)
            {
                return _folders.Count;
            }
        }
    }

    public Task StartAsync(ChannelWriter<FileEvent> events, CancellationToken cancellationToken)
    {
        _fd = InotifyInit1(InNonBlock | InCloExec);
        if (_fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno == Emfile
                ? new WatchLimitException("the inotify instance limit is reached (raise fs.inotify.max_user_instances, e.g. 'sudo sysctl fs.inotify.max_user_instances=512')")
                : new WatchLimitException($"inotify is not available (errno {errno})");
        }

        try
        {
            AddTree(_root, events: null);
        }
        catch
        {
            Dispose();
            throw;
        }

        _thread = new Thread(() => Run(events)) { IsBackground = true, Name = "codeindex-inotify" };
        _thread.Start();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _stopping = true;
        _thread?.Join(TimeSpan.FromSeconds(2));
        if (_fd >= 0)
        {
            _ = Close(_fd);
            _fd = -1;
        }
    }

    /// <summary>Adds a watch on every folder of the tree that can hold indexed files; with <paramref name="events"/>, also reports the
    /// files already in it (a folder created or moved in: files may have arrived before its watch).</summary>
    private void AddTree(string folder, ChannelWriter<FileEvent>? events)
    {
        var pending = new Stack<string>();
        pending.Push(folder);
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 };
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            var wd = InotifyAddWatch(_fd, dir, Mask);
            if (wd < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Enospc)
                {
                    throw new WatchLimitException($"the inotify watch limit is reached at {_folders.Count} folders (raise fs.inotify.max_user_watches, e.g. 'sudo sysctl fs.inotify.max_user_watches=524288')");
                }

                WatchLog.FolderNotWatched(_logger, dir, errno);
                continue;
            }

            lock (_gate)
            {
                _folders[wd] = dir;
            }

            try
            {
                if (events is not null)
                {
                    foreach (var file in Directory.EnumerateFiles(dir, "*", options))
                    {
                        events.TryWrite(new FileEvent(file, FileEventKind.Changed));
                    }
                }

                foreach (var sub in Directory.EnumerateDirectories(dir, "*", options))
                {
                    if (!SourceTreeWalker.IsSkippedFolder(Path.GetFileName(sub)) && new DirectoryInfo(sub).LinkTarget is null)
                    {
                        pending.Push(sub);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                WatchLog.FolderNotWatched(_logger, dir, 0);
            }
        }
    }

    private unsafe void Run(ChannelWriter<FileEvent> events)
    {
        var buffer = new byte[64 * 1024];
        var poll = new PollFd { Fd = _fd, Events = 1 /* POLLIN */ };
        while (!_stopping)
        {
            var ready = Poll(&poll, 1, 250);
            if (ready <= 0)
            {
                if (ready < 0 && Marshal.GetLastPInvokeError() != Eintr)
                {
                    events.TryWrite(new FileEvent(_root, FileEventKind.Overflow));
                    Thread.Sleep(250);
                }

                continue;
            }

            nint read;
            fixed (byte* p = buffer)
            {
                read = Read(_fd, p, buffer.Length);
            }

            if (read < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno is not (Eagain or Eintr))
                {
                    events.TryWrite(new FileEvent(_root, FileEventKind.Overflow));
                }

                continue;
            }

            Dispatch(buffer.AsSpan(0, (int)read), events);
        }
    }

    private void Dispatch(ReadOnlySpan<byte> data, ChannelWriter<FileEvent> events)
    {
        var offset = 0;
        while (offset + 16 <= data.Length)
        {
            var wd = BitConverter.ToInt32(data[offset..]);
            var mask = BitConverter.ToUInt32(data[(offset + 4)..]);
            var length = (int)BitConverter.ToUInt32(data[(offset + 12)..]);
            var nameBytes = data.Slice(offset + 16, length);
            var zero = nameBytes.IndexOf((byte)0);
            var name = Encoding.UTF8.GetString(zero >= 0 ? nameBytes[..zero] : nameBytes);
            offset += 16 + length;

            if ((mask & InQueueOverflow) != 0)
            {
                events.TryWrite(new FileEvent(_root, FileEventKind.Overflow));
                continue;
            }

            string? folder;
            lock (_gate)
            {
                _folders.TryGetValue(wd, out folder);
                if ((mask & InIgnored) != 0)
                {
                    _folders.Remove(wd);
                }
            }

            if (folder is null || (mask & InIgnored) != 0)
            {
                continue;
            }

            if ((mask & (InDeleteSelf | InMoveSelf)) != 0)
            {
                events.TryWrite(new FileEvent(folder, FileEventKind.FolderGone));
                continue;
            }

            var path = name.Length == 0 ? folder : Path.Combine(folder, name);
            if ((mask & InIsDir) != 0)
            {
                if ((mask & (InCreate | InMovedTo)) != 0 && !SourceTreeWalker.IsSkippedFolder(name))
                {
                    try
                    {
                        AddTree(path, events);
                    }
                    catch (WatchLimitException ex)
                    {
                        WatchLog.WatchLimit(_logger, ex.Message);
                        events.TryWrite(new FileEvent(_root, FileEventKind.Overflow));
                    }
                }
                else if ((mask & (InDelete | InMovedFrom)) != 0)
                {
                    events.TryWrite(new FileEvent(path, FileEventKind.FolderGone));
                }

                continue;
            }

            events.TryWrite(new FileEvent(path, (mask & (InDelete | InMovedFrom)) != 0 ? FileEventKind.Deleted : FileEventKind.Changed));
        }
    }

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    private static partial int InotifyInit1(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int InotifyAddWatch(int fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static unsafe partial int Poll(PollFd* fds, nuint count, int timeout);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
