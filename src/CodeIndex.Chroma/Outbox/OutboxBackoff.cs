namespace CodeIndex.Chroma.Outbox;

/// <summary>Exponential backoff with jitter: base × 2^(attempt−1), capped, then scaled into [50 %, 100 %] of that value.</summary>
internal static class OutboxBackoff
{
    /// <summary>Delay before the next try after failed attempt number <paramref name="attempt"/> (1-based); <paramref name="unitRandom"/> in [0, 1).</summary>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double unitRandom)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ticks = Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)(ticks * (0.5 + (0.5 * Math.Clamp(unitRandom, 0, 1)))));
    }
}
