namespace CodeIndex.Storage.Embedded;

/// <summary>Cross-process exclusive lock on a file (flock via FileShare.None) so two processes never init/start one cluster at once.</summary>
internal static class ClusterLock
{
    public static async Task<IDisposable> AcquireAsync(string path, Action onWaiting, CancellationToken cancellationToken = default)
    {
        var warned = false;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException)
            {
                if (!warned)
                {
                    onWaiting();
                    warned = true;
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
