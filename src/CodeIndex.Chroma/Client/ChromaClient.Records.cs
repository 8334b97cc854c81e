using System.Net.Http.Json;

namespace CodeIndex.Chroma.Client;

/// <summary>Record operations: upsert, delete, get, count, query (split into requests of at most <see cref="ChromaOptions.MaxBatchSize"/>).</summary>
public sealed partial class ChromaClient
{
    /// <summary>Inserts or replaces <paramref name="records"/> (idempotent: upserting the same records twice is harmless).</summary>
    public async Task UpsertAsync(ChromaCollection collection, IReadOnlyList<ChromaRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(records);
        for (var start = 0; start < records.Count; start += Options.MaxBatchSize)
        {
            var count = Math.Min(Options.MaxBatchSize, records.Count - start);
            var ids = new string[count];
            var embeddings = new float[count][];
            var documents = new string?[count];
            var metadatas = new ChromaDocumentMetadata?[count];
            for (var i = 0; i < count; i++)
            {
                var record = records[start + i];
                (ids[i], embeddings[i], documents[i], metadatas[i]) = (record.Id, record.Embedding, record.Document, record.Metadata);
            }

            var body = JsonContent.Create(new ChromaWire.UpsertRequest(ids, embeddings, documents, metadatas), ChromaJsonContext.Default.UpsertRequest);
            await SendAsync(HttpMethod.Post, $"{CollectionRoot(collection)}/upsert", body, ChromaJsonContext.Default.NullableJsonElement, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the records with <paramref name="ids"/>; ids that do not exist are ignored.</summary>
    public async Task DeleteAsync(ChromaCollection collection, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var chunk in ids.Chunk(Options.MaxBatchSize))
        {
            var body = JsonContent.Create(new ChromaWire.IdsRequest(chunk), ChromaJsonContext.Default.IdsRequest);
            await SendAsync(HttpMethod.Post, $"{CollectionRoot(collection)}/delete", body, ChromaJsonContext.Default.NullableJsonElement, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The records with <paramref name="ids"/> (missing ids are absent from the answer; order is not guaranteed).</summary>
    public async Task<IReadOnlyList<ChromaStoredRecord>> GetAsync(ChromaCollection collection, IReadOnlyList<string> ids, ChromaInclude include, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var result = new List<ChromaStoredRecord>(ids.Count);
        foreach (var chunk in ids.Chunk(Options.MaxBatchSize))
        {
            result.AddRange(await GetCoreAsync(collection, new ChromaWire.GetRequest(chunk, null, null, ChromaWire.IncludeList(include, distances: false)), cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    /// <summary>One page of records in storage order (<paramref name="limit"/> at most <see cref="ChromaOptions.MaxBatchSize"/> is sensible).</summary>
    public Task<IReadOnlyList<ChromaStoredRecord>> GetPageAsync(ChromaCollection collection, int limit, int offset, ChromaInclude include, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return GetCoreAsync(collection, new ChromaWire.GetRequest(null, limit, offset, ChromaWire.IncludeList(include, distances: false)), cancellationToken);
    }

    /// <summary>Number of records in the collection.</summary>
    public async Task<long> CountAsync(ChromaCollection collection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return await SendAsync(HttpMethod.Get, $"{CollectionRoot(collection)}/count", null, ChromaJsonContext.Default.Int64, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The <paramref name="count"/> records nearest to <paramref name="embedding"/>, nearest first, with distances.</summary>
    public async Task<IReadOnlyList<ChromaQueryHit>> QueryAsync(ChromaCollection collection, float[] embedding, int count, ChromaInclude include, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(embedding);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var body = JsonContent.Create(new ChromaWire.QueryRequest([embedding], count, ChromaWire.IncludeList(include, distances: true)), ChromaJsonContext.Default.QueryRequest);
        var response = await SendAsync(HttpMethod.Post, $"{CollectionRoot(collection)}/query", body, ChromaJsonContext.Default.QueryResponse, cancellationToken).ConfigureAwait(false);
        if (response is null || response.Ids.Count == 0)
        {
            return [];
        }

        var ids = response.Ids[0];
        var hits = new ChromaQueryHit[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            hits[i] = new ChromaQueryHit(ids[i], response.Distances?[0][i], response.Documents?[0][i], response.Metadatas?[0][i]);
        }

        return hits;
    }

    private async Task<IReadOnlyList<ChromaStoredRecord>> GetCoreAsync(ChromaCollection collection, ChromaWire.GetRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collection);
        var body = JsonContent.Create(request, ChromaJsonContext.Default.GetRequest);
        var response = await SendAsync(HttpMethod.Post, $"{CollectionRoot(collection)}/get", body, ChromaJsonContext.Default.GetResponse, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return [];
        }

        var records = new ChromaStoredRecord[response.Ids.Count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = new ChromaStoredRecord(response.Ids[i], response.Documents?[i], response.Metadatas?[i], response.Embeddings?[i]);
        }

        return records;
    }
}
