using System.Diagnostics;

namespace CodeIndex.Storage.Writing;

/// <summary>Commit of a document-scoped write session (<see cref="IndexWriteOptions.Documents"/>): see <see cref="DocumentMergeSql"/>.</summary>
public sealed partial class IndexWriteSession
{
    private async Task<CommitResult> CommitDocumentsAsync(CancellationToken cancellationToken)
    {
        var merge = Stopwatch.StartNew();
        try
        {
            if (Environment.GetEnvironmentVariable("CODEINDEX_EXPLAIN_MERGE") == "1")
            {
                await ExecuteAsync("LOAD 'auto_explain';\nSET LOCAL auto_explain.log_min_duration = 40;\nSET LOCAL auto_explain.log_analyze = on", cancellationToken).ConfigureAwait(false);
            }

            long symbolSequence, relationshipSequence;
            await using (var probe = Command(MergeSql.Probe))
            await using (var reader = await probe.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                (symbolSequence, relationshipSequence) = (reader.GetInt64(1), reader.GetInt64(2));
            }

            await ExecuteAsync(DocumentMergeSql.KeepExternalProjects, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(MergeSql.ClassifySymbols(first: false, symbolSequence), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(DocumentMergeSql.IndexStagedKeys, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(DocumentMergeSql.Owned, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(DocumentMergeSql.CaptureVanishedEdges, cancellationToken).ConfigureAwait(false);
            var deleted = await ExecuteAsync(DocumentMergeSql.DeleteVanished, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(DocumentMergeSql.DropScopeLocationsOfUnstaged, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(DocumentMergeSql.Writable, cancellationToken).ConfigureAwait(false);
            var updated = await ExecuteAsync(DocumentMergeSql.UpdateChanged, cancellationToken).ConfigureAwait(false);
            var inserted = await ExecuteAsync(MergeSql.InsertNewSymbols, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(DocumentMergeSql.ReplaceLocations, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(DocumentMergeSql.FoldSites, cancellationToken).ConfigureAwait(false);
            long dropped;
            await using (var count = Command(MergeSql.CountDroppedEdges))
            {
                dropped = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            await ExecuteAsync(DocumentMergeSql.StagedRelationships(relationshipSequence), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(DocumentMergeSql.InsertNewRelationships, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(MergeSql.MapSites, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(DocumentMergeSql.Touched, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(DocumentMergeSql.ReplaceSites, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(DocumentMergeSql.Recount, cancellationToken).ConfigureAwait(false);
            deleted += await ExecuteAsync(DocumentMergeSql.DeleteOrphanExternals, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(DocumentMergeSql.ExternalProjects, cancellationToken).ConfigureAwait(false);
            long symbols, relationships, sites;
            await using (var counts = Command(DocumentMergeSql.Counts))
            await using (var reader = await counts.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                (symbols, relationships, sites) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            }

            await WriteTreeStateAsync(cancellationToken).ConfigureAwait(false);
            await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _state = State.Committed;
            merge.Stop();
            if (_logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
            {
                IndexWriterLog.ScopedMerge(_logger, _scope!.Count, (long)merge.Elapsed.TotalMilliseconds,
                    string.Join("; ", StepTimes.OrderByDescending(t => t.Time).Take(4).Select(t => $"{t.Step} {t.Time.TotalMilliseconds:0} ms")));
            }

            if (dropped > 0)
            {
                IndexWriterLog.DroppedEdges(_logger, dropped);
            }

            if (inserted + updated > 0)
            {
                await FlushSearchIndexAsync(cancellationToken).ConfigureAwait(false);
            }

            var copySeconds = _copyTime.Elapsed.TotalSeconds;
            return new CommitResult(symbols, inserted, updated, deleted, relationships, sites, dropped, _copiedRows,
                copySeconds > 0 ? _copiedRows / copySeconds : 0, _copyTime.Elapsed, merge.Elapsed);
        }
        catch
        {
            _state = State.Failed;
            throw;
        }
    }
}
