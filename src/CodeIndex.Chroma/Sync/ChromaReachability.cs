using CodeIndex.Chroma.Client;
using CodeIndex.Core.Errors;

namespace CodeIndex.Chroma.Sync;

/// <summary>Turns Chroma failures of the CLI commands into <see cref="OperationFailedException"/> (exit 1) with an actionable message.</summary>
internal static class ChromaReachability
{
    /// <summary>Checks the heartbeat; throws <c>chroma_unreachable</c> when the server does not answer.</summary>
    public static async Task EnsureAsync(ChromaClient client, CancellationToken cancellationToken)
    {
        try
        {
            await client.HeartbeatAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChromaUnreachableException e)
        {
            throw Unreachable(e);
        }
    }

    public static OperationFailedException Unreachable(ChromaException e) =>
        new("chroma_unreachable", $"{e.Message} Nothing was lost: changes stay in the PostgreSQL outbox; run 'codeindex chroma sync' once the server is up.", e);

    public static OperationFailedException Failed(ChromaException e) =>
        e is ChromaUnreachableException ? Unreachable(e) : new("chroma_failed", e.Message, e);
}
