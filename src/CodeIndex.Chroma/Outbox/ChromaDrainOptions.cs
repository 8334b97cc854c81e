namespace CodeIndex.Chroma.Outbox;

/// <summary>How the outbox is drained: batch size, retry backoff and the background loop's idle poll interval.</summary>
/// <param name="BatchSize">Outbox rows locked and sent per batch (default 256).</param>
/// <param name="BaseBackoff">Delay after the first failure (default 1 s); doubles per attempt.</param>
/// <param name="MaxBackoff">Longest delay between attempts (default 5 min).</param>
/// <param name="PollInterval">Longest idle wait of the background loop before it looks for due rows again (default 2 s).</param>
public sealed record ChromaDrainOptions(int BatchSize, TimeSpan BaseBackoff, TimeSpan MaxBackoff, TimeSpan PollInterval)
{
    /// <summary>The defaults described on the parameters.</summary>
    public static ChromaDrainOptions Default { get; } = new(256, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(2));

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid setting.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (BatchSize is < 1 or > 5000)
        {
            errors.Add($"BatchSize must be 1..5000, got {BatchSize}");
        }

        if (BaseBackoff <= TimeSpan.Zero || MaxBackoff < BaseBackoff)
        {
            errors.Add($"backoff must satisfy 0 < BaseBackoff <= MaxBackoff, got {BaseBackoff} and {MaxBackoff}");
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            errors.Add($"PollInterval must be positive, got {PollInterval}");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid Chroma drain options: " + string.Join("; ", errors) + ".");
        }
    }
}
