namespace CodeIndex.Vectors.Pipeline;

/// <summary>One distinct text awaiting its vector, keyed by its hash.</summary>
internal readonly record struct PendingText(string Hash, string Text);
