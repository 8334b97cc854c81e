using CodeIndex.Chroma.Client;
using CodeIndex.Core.Errors;
using CodeIndex.Embeddings;
using Npgsql;

namespace CodeIndex.Cli.Pipeline;

/// <summary><c>search --store chroma</c>: nearest neighbours from ChromaDB instead of pgvector, mapped back to symbol ids through PostgreSQL.</summary>
internal static class ChromaSemanticSource
{
    public static async Task<IReadOnlyList<(long SymbolId, double Similarity)>> NearestAsync(
        Database db, ChromaMirror chroma, ITextEmbedder embedder, string text, long repositoryId, int limit, CancellationToken cancellationToken)
    {
        var vector = (await embedder.EmbedAsync([text], cancellationToken).ConfigureAwait(false))[0];
        var name = ChromaCollectionNames.For(repositoryId, embedder.ModelId);
        IReadOnlyList<ChromaQueryHit> hits;
        try
        {
            var collection = await chroma.Client.GetCollectionAsync(name, cancellationToken).ConfigureAwait(false)
                ?? throw new OperationFailedException("chroma_collection_missing", $"ChromaDB at {chroma.Options.Url} has no collection '{name}'. To fix this, run 'codeindex chroma sync --rebuild'.");
            hits = await chroma.Client.QueryAsync(collection, vector, limit, ChromaInclude.None, cancellationToken).ConfigureAwait(false);
        }
        catch (ChromaUnreachableException e)
        {
            throw new OperationFailedException("chroma_unreachable", $"ChromaDB at {chroma.Options.Url} is unreachable ({e.Message}). To fix this, start it, or search without --store chroma (pgvector is the primary store).", e);
        }

        if (hits.Count == 0)
        {
            return [];
        }

        await using var command = db.DataSource.CreateCommand(
            "SELECT document_id, symbol_id FROM symbol_embeddings WHERE repository_id = $1 AND model_id = $2 AND document_id = ANY($3)");
        command.Parameters.AddWithValue(repositoryId);
        command.Parameters.AddWithValue(embedder.ModelId);
        command.Parameters.AddWithValue(hits.Select(h => h.Id).ToArray());
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        // Chroma's cosine distance = 1 − similarity; ids PostgreSQL no longer has are dropped (the mirror trails).
        return hits.Where(h => ids.ContainsKey(h.Id)).Select(h => (ids[h.Id], 1.0 - (h.Distance ?? 1f))).ToList();
    }
}
