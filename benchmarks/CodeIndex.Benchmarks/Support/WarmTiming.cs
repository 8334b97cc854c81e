using System.Diagnostics;

namespace CodeIndex.Benchmarks.Support;

/// <summary>Warm-up calls, then timed calls (wall clock around the awaited call, the result materialised by the callee).</summary>
internal static class WarmTiming
{
    /// <summary>Milliseconds of each of <paramref name="runs"/> timed calls after <paramref name="warmup"/> untimed ones, and the last result.</summary>
    public static async Task<(List<double> Times, T Last)> RunAsync<T>(int warmup, int runs, Func<CancellationToken, Task<T>> run, CancellationToken cancellationToken)
    {
        var last = default(T)!;
        for (var i = 0; i < warmup; i++)
        {
            last = await run(cancellationToken).ConfigureAwait(false);
        }

        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            last = await run(cancellationToken).ConfigureAwait(false);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return (times, last);
    }
}
