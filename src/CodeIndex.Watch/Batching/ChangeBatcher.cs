using System.Threading.Channels;
using CodeIndex.Loading;
using CodeIndex.Watch.Watching;

namespace CodeIndex.Watch.Batching;

/// <summary>
/// Debounces and coalesces raw file events into batches: a batch closes when no relevant event arrived for <c>quiet</c>, or
/// <c>maxDelay</c> after its first event. An editor's atomic save (temp file, rename) is one change of one path; a checkout or a
/// formatter touching thousands of files becomes one batch (or a few, when it lasts longer than <c>maxDelay</c>).
/// </summary>
internal sealed class ChangeBatcher(string root, ChannelReader<FileEvent> events, TimeSpan quiet, TimeSpan maxDelay)
{
    /// <summary>Paths seen but not yet handed out in a batch (what <c>status</c> reports as files pending).</summary>
    public int Pending { get; private set; }

    /// <summary>True while a batch is being collected (its first event is in, the debounce runs).</summary>
    public bool Collecting { get; private set; }

    /// <summary>The next batch; waits for its first relevant event.</summary>
    public async Task<ChangeBatch> NextAsync(CancellationToken cancellationToken)
    {
        var batch = new ChangeBatch();
        while (batch.IsEmpty)
        {
            var first = await events.ReadAsync(cancellationToken).ConfigureAwait(false);
            Collecting = true;
            Add(batch, first);
        }

        var deadline = DateTime.UtcNow + maxDelay;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(left < quiet ? left : quiet);
            try
            {
                Add(batch, await events.ReadAsync(wait.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break; // quiet for long enough, or the batch is old enough
            }
        }

        // Drain what is already queued: it would only start the next batch a moment later.
        while (events.TryRead(out var more))
        {
            Add(batch, more);
        }

        Pending = 0;
        Collecting = false;
        return batch;
    }

    private void Add(ChangeBatch batch, FileEvent e)
    {
        var before = batch.Count;
        switch (e.Kind)
        {
            case FileEventKind.Overflow:
                batch.Reconcile = true;
                break;
            case FileEventKind.FolderGone:
                batch.GoneFolders.Add(e.Path);
                break;
            default:
                if (ProjectInputs.IsProjectShaping(e.Path))
                {
                    batch.ProjectFiles.Add(e.Path);
                }
                else if (e.Path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) && !IsUnderSkippedFolder(e.Path))
                {
                    batch.SourceFiles.Add(e.Path);
                }

                break;
        }

        Pending += batch.Count - before;
    }

    private bool IsUnderSkippedFolder(string path) =>
        Path.GetRelativePath(root, path).Split('/').SkipLast(1).Any(SourceTreeWalker.IsSkippedFolder);
}

/// <summary>The distinct paths of one batch, by what they need.</summary>
internal sealed class ChangeBatch
{
    public HashSet<string> SourceFiles { get; } = new(StringComparer.Ordinal);

    public HashSet<string> ProjectFiles { get; } = new(StringComparer.Ordinal);

    public HashSet<string> GoneFolders { get; } = new(StringComparer.Ordinal);

    /// <summary>Events were lost: compare the whole tree with the index.</summary>
    public bool Reconcile { get; set; }

    public int Count => SourceFiles.Count + ProjectFiles.Count + GoneFolders.Count + (Reconcile ? 1 : 0);

    public bool IsEmpty => Count == 0;
}
