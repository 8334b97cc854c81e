using System.Threading.Channels;
using CodeIndex.Loading;

namespace CodeIndex.Watch.Watching;

/// <summary>
/// The fallback when inotify cannot watch the tree: scans the same folders every <c>interval</c> and reports files whose size or
/// modification time changed, appeared or disappeared. Costs a directory walk per interval; changes show up within one interval.
/// </summary>
internal sealed class PollingWatcher(string root, TimeSpan interval) : IFileChangeSource
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public string Mode => "polling";

    public Task StartAsync(ChannelWriter<FileEvent> events, CancellationToken cancellationToken)
    {
        var snapshot = Scan(cancellationToken);
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                {
                    var next = Scan(_stop.Token);
                    foreach (var (path, stamp) in next)
                    {
                        if (!snapshot.TryGetValue(path, out var old) || old != stamp)
                        {
                            events.TryWrite(new FileEvent(path, FileEventKind.Changed));
                        }
                    }

                    foreach (var path in snapshot.Keys.Where(p => !next.ContainsKey(p)))
                    {
                        events.TryWrite(new FileEvent(path, FileEventKind.Deleted));
                    }

                    snapshot = next;
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private Dictionary<string, (long Length, DateTime Modified)> Scan(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, (long, DateTime)>(StringComparer.Ordinal);
        foreach (var file in SourceTreeWalker.Find(root, [".cs", ".csproj", ".props", ".targets", ".sln", ".slnx", ".json"], cancellationToken))
        {
            try
            {
                var info = new FileInfo(file);
                result[file] = (info.Length, info.LastWriteTimeUtc);
            }
            catch (IOException)
            {
            }
        }

        return result;
    }
}
