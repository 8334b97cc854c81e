using System.Collections.Concurrent;
using System.Globalization;

namespace CodeIndex.Benchmarks.Support;

/// <summary>While running, samples the peak memory (VmHWM) of this process's descendants whose command line contains "BuildHost" (MSBuildWorkspace's out-of-process build host).</summary>
internal sealed class BuildHostSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly ConcurrentDictionary<int, long> _peaks = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private BuildHostSampler() => _loop = Task.Run(() => LoopAsync(_stop.Token));

    public static BuildHostSampler Start() => new();

    /// <summary>Number of distinct BuildHost processes seen.</summary>
    public int Processes => _peaks.Count;

    /// <summary>Largest VmHWM of any one BuildHost process.</summary>
    public long MaxPeakBytes => _peaks.IsEmpty ? 0 : _peaks.Values.Max();

    /// <summary>Sum of the BuildHost peaks (an upper bound of their combined footprint when several ran).</summary>
    public long SumPeakBytes => _peaks.Values.Sum();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        Sample(); // a last look before the hosts exit with the workspace
        _stop.Dispose();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            Sample();
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    private void Sample()
    {
        var self = Environment.ProcessId;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == self)
            {
                continue;
            }

            if (!IsDescendantOf(pid, self) || !CommandLine(pid).Contains("BuildHost", StringComparison.Ordinal))
            {
                continue;
            }

            var peak = PeakMemory.Of(pid);
            if (peak > 0)
            {
                _peaks.AddOrUpdate(pid, peak, (_, old) => Math.Max(old, peak));
            }
        }
    }

    private static bool IsDescendantOf(int pid, int ancestor)
    {
        for (var hops = 0; hops < 8 && pid > 1; hops++)
        {
            pid = (int)PeakMemory.ReadKiB($"/proc/{pid}/status", "PPid:");
            if (pid == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
