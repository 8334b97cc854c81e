namespace CodeIndex.Watch.Hosting;

/// <summary>
/// One thing the watch did, as <c>watch --json</c> prints it (one JSON object per line: <c>{"event": Kind, "time": …, …Fields}</c>;
/// the schema is in docs/watch.md). Kinds: <c>started</c>, <c>ready</c>, <c>batch</c>, <c>reload</c>, <c>problem</c>,
/// <c>database</c>, <c>error</c>, <c>stopped</c>.
/// </summary>
public sealed record WatchEvent(string Kind, DateTimeOffset Time, IReadOnlyDictionary<string, object?> Fields)
{
    public static WatchEvent Of(string kind, params (string Name, object? Value)[] fields) =>
        new(kind, DateTimeOffset.UtcNow, fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal));
}

/// <summary>What follows a committed batch without holding up the graph (embeddings, the Chroma outbox): called on its own
/// task, coalesced (a call covers every batch committed before it started).</summary>
public interface IIndexFollower
{
    Task FollowAsync(long repositoryId, CancellationToken cancellationToken);
}
