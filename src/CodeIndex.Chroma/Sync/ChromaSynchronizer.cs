using CodeIndex.Chroma.Client;
using CodeIndex.Chroma.Documents;
using CodeIndex.Chroma.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CodeIndex.Chroma.Sync;

/// <summary><c>chroma sync</c>: drains the outbox (delayed rows too); with rebuild, first re-sends every vector from PostgreSQL and deletes ids PostgreSQL no longer has.</summary>
public sealed class ChromaSynchronizer
{
    private const int ChromaPageSize = 1000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ChromaClient _client;
    private readonly ChromaOutboxDrainer _drainer;
    private readonly ILogger _logger;

    public ChromaSynchronizer(NpgsqlDataSource dataSource, ChromaClient client, ChromaOutboxDrainer drainer, ILogger<ChromaSynchronizer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(drainer);
        _dataSource = dataSource;
        _client = client;
        _drainer = drainer;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Syncs one repository's collections with <paramref name="rebuild"/> (all repositories when <paramref name="repositoryId"/> is null);
    /// the outbox drain covers every repository. Throws <c>OperationFailedException("chroma_unreachable")</c> when Chroma is down.
    /// </summary>
    public async Task<SyncResult> SyncAsync(long? repositoryId, bool rebuild, CancellationToken cancellationToken = default)
    {
        await ChromaReachability.EnsureAsync(_client, cancellationToken).ConfigureAwait(false);
        var rebuilt = new List<CollectionRebuild>();
        var droppedCollections = new List<string>();
        if (rebuild)
        {
            var pairs = await SymbolDocuments.CollectionsAsync(_dataSource, repositoryId, cancellationToken).ConfigureAwait(false);
            try
            {
                foreach (var (repository, model) in pairs)
                {
                    rebuilt.Add(await RebuildAsync(repository, model, cancellationToken).ConfigureAwait(false));
                }

                droppedCollections.AddRange(await DropStaleCollectionsAsync(repositoryId, [.. rebuilt.Select(r => r.Collection)], cancellationToken).ConfigureAwait(false));
            }
            catch (ChromaException e)
            {
                throw ChromaReachability.Failed(e);
            }
        }

        var drain = await _drainer.DrainCoreAsync(maxBatches: null, includeDelayed: true, cancellationToken).ConfigureAwait(false);
        if (drain.ChromaUnreachable)
        {
            throw ChromaReachability.Unreachable(new ChromaUnreachableException(drain.LastError ?? $"ChromaDB at {_client.Options.Url} stopped answering during the sync."));
        }

        var pending = await _drainer.PendingAsync(repositoryId, cancellationToken).ConfigureAwait(false);
        return new SyncResult(drain, rebuilt, droppedCollections, pending);
    }

    /// <summary>Upserts every current document of one repository and model, then deletes the Chroma ids PostgreSQL does not have.</summary>
    private async Task<CollectionRebuild> RebuildAsync(long repositoryId, string modelId, CancellationToken cancellationToken)
    {
        var name = ChromaCollectionNames.For(repositoryId, modelId);
        var collection = await _client.GetOrCreateCollectionAsync(name, cancellationToken).ConfigureAwait(false);
        var expected = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<ChromaRecord>(_client.Options.MaxBatchSize);
        await foreach (var record in SymbolDocuments.StreamAsync(_dataSource, repositoryId, modelId, cancellationToken).ConfigureAwait(false))
        {
            expected.Add(record.Id);
            batch.Add(record);
            if (batch.Count == _client.Options.MaxBatchSize)
            {
                await _client.UpsertAsync(collection, batch, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }

        await _client.UpsertAsync(collection, batch, cancellationToken).ConfigureAwait(false);
        var extra = new List<string>();
        await foreach (var id in AllIdsAsync(_client, collection, cancellationToken).ConfigureAwait(false))
        {
            if (!expected.Contains(id))
            {
                extra.Add(id);
            }
        }

        await _client.DeleteAsync(collection, extra, cancellationToken).ConfigureAwait(false);
        ChromaLog.CollectionRebuilt(_logger, name, expected.Count, extra.Count);
        return new CollectionRebuild(repositoryId, modelId, name, expected.Count, extra.Count);
    }

    /// <summary>
    /// Deletes CodeIndex collections (<c>codeindex-{repositoryId}-…</c>) that PostgreSQL has no vectors for: removed repositories and
    /// models no longer used. With <paramref name="repositoryId"/>, only that repository's collections are considered.
    /// </summary>
    private async Task<IReadOnlyList<string>> DropStaleCollectionsAsync(long? repositoryId, HashSet<string> keep, CancellationToken cancellationToken)
    {
        var prefix = repositoryId is null ? ChromaCollectionNames.Prefix : $"{ChromaCollectionNames.Prefix}{repositoryId}-";
        var dropped = new List<string>();
        foreach (var collection in await _client.ListCollectionsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (collection.Name.StartsWith(prefix, StringComparison.Ordinal) && !keep.Contains(collection.Name)
                && await _client.DeleteCollectionAsync(collection.Name, cancellationToken).ConfigureAwait(false))
            {
                ChromaLog.StaleCollectionDropped(_logger, collection.Name);
                dropped.Add(collection.Name);
            }
        }

        return dropped;
    }

    /// <summary>Every id in <paramref name="collection"/>, paged (read completely before anything is deleted, so offsets stay valid).</summary>
    internal static async IAsyncEnumerable<string> AllIdsAsync(ChromaClient client, ChromaCollection collection, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var offset = 0; ; offset += ChromaPageSize)
        {
            var page = await client.GetPageAsync(collection, ChromaPageSize, offset, ChromaInclude.None, cancellationToken).ConfigureAwait(false);
            foreach (var record in page)
            {
                yield return record.Id;
            }

            if (page.Count < ChromaPageSize)
            {
                yield break;
            }
        }
    }
}
