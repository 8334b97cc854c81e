using CodeIndex.Chroma.Client;
using CodeIndex.Chroma.Documents;
using Npgsql;

namespace CodeIndex.Chroma.Outbox;

/// <summary>One batch: lock rows, apply each (repository, model) group to Chroma, delete or reschedule the rows, commit.</summary>
public sealed partial class ChromaOutboxDrainer
{
    private async Task<(DrainResult Result, int RowCount)> DrainBatchAsync(bool includeDelayed, long[] exclude, List<long> failedIds, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await OutboxSql.LockDueAsync(connection, transaction, _timeProvider.GetUtcNow(), includeDelayed, exclude, _options.BatchSize, cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (DrainResult.Empty, 0);
        }

        var completed = new List<long>(rows.Count);
        var failed = new List<(OutboxSql.Row Row, DateTimeOffset NextAttempt, string Error)>();
        int upserted = 0, deleted = 0;
        var unreachable = false;
        string? lastError = null;
        foreach (var group in rows.GroupBy(r => (r.RepositoryId, r.ModelId)))
        {
            if (unreachable)
            {
                break; // Rows not tried stay as they are: no attempt is counted against them.
            }

            try
            {
                var (u, d) = await ApplyGroupAsync(connection, transaction, group.Key.RepositoryId, group.Key.ModelId, [.. group.Select(r => r.DocumentId).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false);
                upserted += u;
                deleted += d;
                completed.AddRange(group.Select(r => r.Id));
            }
            catch (ChromaException e)
            {
                unreachable = e is ChromaUnreachableException;
                lastError = e.Message;
                var now = _timeProvider.GetUtcNow();
                foreach (var row in group)
                {
                    var delay = OutboxBackoff.Delay(row.Attempts + 1, _options.BaseBackoff, _options.MaxBackoff, Random.Shared.NextDouble());
                    failed.Add((row, now + delay, Truncate(e.Message)));
                }

                var first = group.First();
                ChromaLog.GroupFailed(_logger, group.Count(), first.RepositoryId, first.ModelId, first.Attempts + 1, failed[^1].NextAttempt - now, e.Message);
            }
        }

        await OutboxSql.DeleteAsync(connection, transaction, [.. completed], cancellationToken).ConfigureAwait(false);
        await OutboxSql.RescheduleAsync(connection, transaction, [.. failed.Select(f => f.Row.Id)], [.. failed.Select(f => f.NextAttempt)], [.. failed.Select(f => f.Error)], cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        failedIds.AddRange(failed.Select(f => f.Row.Id));
        ChromaLog.BatchDrained(_logger, rows.Count, upserted, deleted, failed.Count);
        return (new DrainResult(1, completed.Count, upserted, deleted, failed.Count, unreachable, lastError), rows.Count);
    }

    /// <summary>Brings <paramref name="documentIds"/> in line with PostgreSQL: upsert those with a current vector, delete the rest. Returns (upserted, deleted).</summary>
    private async Task<(int Upserted, int Deleted)> ApplyGroupAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long repositoryId, string modelId, string[] documentIds, CancellationToken cancellationToken)
    {
        var name = ChromaCollectionNames.For(repositoryId, modelId);
        if (!await OutboxSql.RepositoryExistsAsync(connection, transaction, repositoryId, cancellationToken).ConfigureAwait(false))
        {
            if (await _client.DeleteCollectionAsync(name, cancellationToken).ConfigureAwait(false))
            {
                ChromaLog.CollectionDropped(_logger, repositoryId, name);
            }

            return (0, documentIds.Length);
        }

        var current = await SymbolDocuments.ReadAsync(connection, transaction, repositoryId, modelId, documentIds, cancellationToken).ConfigureAwait(false);
        var deletes = documentIds.Where(id => !current.ContainsKey(id)).ToArray();
        var collection = current.Count > 0
            ? await _client.GetOrCreateCollectionAsync(name, cancellationToken).ConfigureAwait(false)
            : await _client.GetCollectionAsync(name, cancellationToken).ConfigureAwait(false);
        if (collection is null)
        {
            return (0, deletes.Length); // Nothing was ever sent for this repository and model: the deletes are already true.
        }

        if (current.Count > 0)
        {
            await _client.UpsertAsync(collection, [.. current.Values], cancellationToken).ConfigureAwait(false);
        }

        if (deletes.Length > 0)
        {
            await _client.DeleteAsync(collection, deletes, cancellationToken).ConfigureAwait(false);
        }

        return (current.Count, deletes.Length);
    }
}
