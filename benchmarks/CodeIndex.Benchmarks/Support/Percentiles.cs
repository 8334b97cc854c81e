namespace CodeIndex.Benchmarks.Support;

/// <summary>Order statistics of a sample (nearest-rank percentiles).</summary>
internal static class Percentiles
{
    public static double Of(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyList<double> values) => Of(values, 50);

    public static TimeSpan Median(IReadOnlyList<TimeSpan> values) =>
        TimeSpan.FromTicks((long)Median(values.Select(v => (double)v.Ticks).ToList()));
}
