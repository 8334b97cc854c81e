using CodeIndex.Watch.Hosting;

namespace CodeIndex.Cli.Pipeline;

/// <summary>
/// The watch's follow-up of a committed batch: embeds the symbols whose texts changed (unchanged texts cost a hash comparison,
/// none is embedded again; the HNSW index is never dropped) and wakes the Chroma outbox drainer. Runs beside the graph writes,
/// never in front of them.
/// </summary>
internal sealed class EmbeddingFollower(EmbeddingStep embedding, ChromaMirror? chroma) : IIndexFollower
{
    public async Task FollowAsync(long repositoryId, CancellationToken cancellationToken)
    {
        if (chroma is not null)
        {
            await chroma.EnableAsync(repositoryId, cancellationToken).ConfigureAwait(false);
            chroma.StartBackground();
        }

        await embedding.RunAsync(repositoryId, reembed: false, progress: null, cancellationToken, live: true).ConfigureAwait(false);
        chroma?.Drainer.Notify();
    }
}
