using CodeIndex.Chroma.Client;
using CodeIndex.Chroma.Documents;
using CodeIndex.Chroma.Outbox;
using Npgsql;

namespace CodeIndex.Chroma.Sync;

/// <summary><c>chroma verify</c>: compares counts and every id of each collection with PostgreSQL, and the text of a sample of documents.</summary>
public sealed class ChromaVerifier(NpgsqlDataSource dataSource, ChromaClient client)
{
    /// <summary>Most drift entries listed per collection and kind.</summary>
    public const int MaxListedPerKind = 100;

    /// <summary>Default number of documents per collection whose text is compared.</summary>
    public const int DefaultTextSample = 500;

    /// <summary>
    /// Verifies the collections of <paramref name="repositoryId"/> (all when null). <paramref name="textSample"/> documents per collection,
    /// chosen at random, have their text compared (0 = all). Throws <c>OperationFailedException("chroma_unreachable")</c> when Chroma is down.
    /// </summary>
    public async Task<VerifyResult> VerifyAsync(long? repositoryId, int textSample = DefaultTextSample, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(textSample);
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(client);
        await ChromaReachability.EnsureAsync(client, cancellationToken).ConfigureAwait(false);
        var collections = new List<CollectionVerification>();
        var drift = new List<ChromaDrift>();
        try
        {
            foreach (var (repository, model) in await SymbolDocuments.CollectionsAsync(dataSource, repositoryId, cancellationToken).ConfigureAwait(false))
            {
                collections.Add(await VerifyCollectionAsync(repository, model, textSample, drift, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (ChromaException e)
        {
            throw ChromaReachability.Failed(e);
        }

        var pending = await OutboxSql.CountAsync(dataSource, repositoryId, cancellationToken).ConfigureAwait(false);
        return new VerifyResult(collections, drift, pending);
    }

    private async Task<CollectionVerification> VerifyCollectionAsync(long repositoryId, string modelId, int textSample, List<ChromaDrift> drift, CancellationToken cancellationToken)
    {
        var name = ChromaCollectionNames.For(repositoryId, modelId);
        var expected = await SymbolDocuments.ReadIdsAsync(dataSource, repositoryId, modelId, cancellationToken).ConfigureAwait(false);
        var collection = await client.GetCollectionAsync(name, cancellationToken).ConfigureAwait(false);
        var actual = new HashSet<string>(StringComparer.Ordinal);
        long chromaCount = 0;
        if (collection is not null)
        {
            chromaCount = await client.CountAsync(collection, cancellationToken).ConfigureAwait(false);
            await foreach (var id in ChromaSynchronizer.AllIdsAsync(client, collection, cancellationToken).ConfigureAwait(false))
            {
                actual.Add(id);
            }
        }

        void Report(DriftKind kind, IEnumerable<string> ids, string detail) =>
            drift.AddRange(ids.Order(StringComparer.Ordinal).Take(MaxListedPerKind).Select(id => new ChromaDrift(kind, repositoryId, modelId, name, id, detail)));

        if (chromaCount != expected.Count)
        {
            var detail = collection is null ? $"collection {name} does not exist; PostgreSQL has {expected.Count} documents" : $"PostgreSQL has {expected.Count} documents, Chroma has {chromaCount}";
            drift.Add(new ChromaDrift(DriftKind.CountMismatch, repositoryId, modelId, name, null, detail));
        }

        var missing = expected.Where(id => !actual.Contains(id)).ToList();
        var extra = actual.Where(id => !expected.Contains(id)).ToList();
        Report(DriftKind.MissingInChroma, missing, "in PostgreSQL, not in Chroma");
        Report(DriftKind.ExtraInChroma, extra, "in Chroma, not in PostgreSQL");

        var (compared, mismatched) = collection is null ? (0, 0) : await CompareTextsAsync(collection, repositoryId, modelId, [.. expected.Where(actual.Contains)], textSample, drift, cancellationToken).ConfigureAwait(false);
        return new CollectionVerification(repositoryId, modelId, name, expected.Count, chromaCount, missing.Count, extra.Count, compared, mismatched);
    }

    private async Task<(int Compared, int Mismatched)> CompareTextsAsync(ChromaCollection collection, long repositoryId, string modelId, string[] common, int textSample, List<ChromaDrift> drift, CancellationToken cancellationToken)
    {
        if (textSample > 0 && common.Length > textSample)
        {
            Random.Shared.Shuffle(common);
            common = common[..textSample];
        }

        if (common.Length == 0)
        {
            return (0, 0);
        }

        var mismatched = 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in common.Chunk(client.Options.MaxBatchSize))
        {
            var expected = await SymbolDocuments.ReadAsync(connection, null, repositoryId, modelId, chunk, cancellationToken).ConfigureAwait(false);
            foreach (var stored in await client.GetAsync(collection, chunk, ChromaInclude.Documents, cancellationToken).ConfigureAwait(false))
            {
                if (expected.TryGetValue(stored.Id, out var record) && !string.Equals(record.Document, stored.Document, StringComparison.Ordinal))
                {
                    if (mismatched++ < MaxListedPerKind)
                    {
                        drift.Add(new ChromaDrift(DriftKind.TextMismatch, repositoryId, modelId, collection.Name, stored.Id, $"Chroma has {Preview(stored.Document)}, PostgreSQL has {Preview(record.Document)}"));
                    }
                }
            }
        }

        return (common.Length, mismatched);
    }

    private static string Preview(string? text) => text is null ? "no text" : text.Length <= 60 ? $"\"{text}\"" : $"\"{text[..60]}…\" ({text.Length} chars)";
}
