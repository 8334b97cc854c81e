using CodeIndex.Benchmarks.Support;

namespace CodeIndex.Benchmarks.Indexing;

/// <summary>Brackets one run: collects garbage, resets this process's peak, samples BuildHost children, and yields a <see cref="RunMemory"/>.</summary>
internal sealed class MemoryScope : IAsyncDisposable
{
    private readonly BuildHostSampler _sampler;
    private readonly long _baseline;
    private readonly bool _resetWorked;

    private MemoryScope()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        _resetWorked = PeakMemory.ResetSelf();
        _baseline = PeakMemory.ReadKiB("/proc/self/status", "VmRSS:") * 1024;
        _sampler = BuildHostSampler.Start();
    }

    public RunMemory? Result { get; private set; }

    public static MemoryScope Begin() => new();

    public async ValueTask DisposeAsync()
    {
        await _sampler.DisposeAsync().ConfigureAwait(false);
        Result = new RunMemory(_resetWorked ? PeakMemory.OfSelf() : 0, _baseline, _sampler.MaxPeakBytes, _sampler.Processes);
    }

    /// <summary>Ends the scope and returns the figures.</summary>
    public async Task<RunMemory> EndAsync()
    {
        await DisposeAsync().ConfigureAwait(false);
        return Result!;
    }
}
