using System.Diagnostics;
using CodeIndex.Core.Model;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Storage.Writing;

/// <summary>Commit (merge staging into the index), validation and disposal of an index write session.</summary>
public sealed partial class IndexWriteSession
{
    /// <summary>Flushes, merges staging into the repository's rows, records indexed_at and <paramref name="statsJson"/> (a JSON object or null), and commits.</summary>
    public async Task<CommitResult> CommitAsync(string? statsJson = null, CancellationToken cancellationToken = default)
    {
        EnsureOpen();
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        if (_options.Documents is not null)
        {
            return await CommitDocumentsAsync(cancellationToken).ConfigureAwait(false);
        }

        var merge = Stopwatch.StartNew();
        try
        {
            bool first;
            long symbolSequence, relationshipSequence;
            var clock = Stopwatch.StartNew();
            await using (var probe = Command(MergeSql.Probe))
            await using (var reader = await probe.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                (first, symbolSequence, relationshipSequence) = (reader.GetBoolean(0), reader.GetInt64(1), reader.GetInt64(2));
            }

            Step(MergeSql.Probe, clock);
            await ExecuteAsync(MergeSql.ExternalProjects, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(MergeSql.ClassifySymbols(first, symbolSequence), cancellationToken).ConfigureAwait(false);
            long deleted = 0, updated = 0;
            if (!first)
            {
                deleted = await ExecuteAsync(MergeSql.DeleteMissingSymbols, cancellationToken).ConfigureAwait(false);
                updated = await ExecuteAsync(MergeSql.UpdateChangedSymbols, cancellationToken).ConfigureAwait(false);
            }

            var inserted = await ExecuteAsync(MergeSql.InsertNewSymbols, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(first ? MergeSql.InsertLocationsFirst : MergeSql.ReplaceLocations, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(MergeSql.FoldSites, cancellationToken).ConfigureAwait(false);
            long dropped;
            clock.Restart();
            await using (var count = Command(MergeSql.CountDroppedEdges))
            {
                dropped = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            Step(MergeSql.CountDroppedEdges, clock);
            await ExecuteAsync(MergeSql.ClassifyRelationships(first, relationshipSequence), cancellationToken).ConfigureAwait(false);
            if (!first)
            {
                await ExecuteAsync(MergeSql.DeleteMissingRelationships, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(MergeSql.UpdateChangedRelationships, cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(MergeSql.InsertNewRelationships, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(MergeSql.MapSites, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(first ? MergeSql.InsertSitesFirst : MergeSql.ReplaceSites, cancellationToken).ConfigureAwait(false);
            long symbols, relationships, sites;
            clock.Restart();
            await using (var finish = Command(MergeSql.Finish))
            {
                finish.Parameters.Add(new NpgsqlParameter("stats", NpgsqlDbType.Text) { Value = (object?)statsJson ?? DBNull.Value });
                finish.Parameters.Add(new NpgsqlParameter("dropped", NpgsqlDbType.Bigint) { Value = dropped });
                await using var reader = await finish.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException($"Repository {RepositoryId} no longer exists; expected it to exist until the index run commits.");
                }

                (symbols, relationships, sites) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            }

            Step(MergeSql.Finish, clock);
            if (inserted + updated + deleted > 0)
            {
                await ExecuteAsync(MergeSql.LogAllEmbeddingsChanged, cancellationToken).ConfigureAwait(false);
            }

            clock.Restart();
            await WriteTreeStateAsync(cancellationToken).ConfigureAwait(false);
            Step("tree state", clock);
            clock.Restart();
            await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            Step("COMMIT", clock);
            _state = State.Committed;
            merge.Stop();
            if (dropped > 0)
            {
                IndexWriterLog.DroppedEdges(_logger, dropped);
            }

            if (inserted + updated > 0)
            {
                await FlushSearchIndexAsync(cancellationToken).ConfigureAwait(false);
            }

            var copySeconds = _copyTime.Elapsed.TotalSeconds;
            var result = new CommitResult(symbols, inserted, updated, deleted, relationships, sites, dropped, _copiedRows,
                copySeconds > 0 ? _copiedRows / copySeconds : 0, _copyTime.Elapsed, merge.Elapsed);
            IndexWriterLog.Committed(_logger, RepositoryId, symbols, inserted, updated, deleted, relationships, _copiedRows,
                result.CopyRowsPerSecond, (long)result.CopyTime.TotalMilliseconds, (long)result.MergeTime.TotalMilliseconds);
            return result;
        }
        catch
        {
            _state = State.Failed;
            throw;
        }
    }

    /// <summary>Moves the full-text GIN index's pending list into the index proper, right after the merge committed.</summary>
    /// <remarks>
    /// The index keeps fastupdate (bulk inserts append to a pending list, much cheaper than inserting each row's lexemes into the tree),
    /// but every search scans the whole pending list until a vacuum moves it, and the merge leaves up to gin_pending_list_limit (4 MB)
    /// there. Measured on this repository's index (5k symbols, all of them pending): full-text p50 / p95 20 / 57 ms with the list,
    /// 11–14 / 19–23 ms after gin_clean_pending_list (72 ms), identical results. A failure (e.g. the role does not own the index) only
    /// warns: the index run has committed, and autovacuum moves the list later.
    /// </remarks>
    private async Task FlushSearchIndexAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await using var command = new NpgsqlCommand(MergeSql.FlushSearchIndex, _connection);
            var pages = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            IndexWriterLog.SearchIndexFlushed(_logger, pages is long n ? n : 0, (long)clock.Elapsed.TotalMilliseconds);
        }
        catch (PostgresException e)
        {
            IndexWriterLog.SearchIndexFlushFailed(_logger, e.MessageText);
        }
    }

    /// <summary>Rolls back unless committed, releases the repository lock and returns the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_state == State.Disposed)
        {
            return;
        }

        if (_state != State.Committed)
        {
            IndexWriterLog.RolledBack(_logger, RepositoryId);
        }

        _state = State.Disposed;
        try
        {
            await _transaction.DisposeAsync().ConfigureAwait(false);
            await UnlockAsync(_connection, RepositoryId).ConfigureAwait(false);
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private NpgsqlCommand Command(string sql)
    {
        var command = new NpgsqlCommand(sql, _connection, _transaction) { CommandTimeout = 0 };
        command.Parameters.Add(new NpgsqlParameter("repo", NpgsqlDbType.Bigint) { Value = RepositoryId });
        if (_options.Documents is { } documents)
        {
            command.Parameters.Add(new NpgsqlParameter("files", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = documents.ToArray() });
        }

        return command;
    }

    /// <summary>Runs each statement of <paramref name="sql"/> on its own, records its time in <see cref="StepTimes"/>; returns the last one's row count.</summary>
    private async Task<long> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        long rows = 0;
        foreach (var statement in sql.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var clock = Stopwatch.StartNew();
            await using var command = Command(statement);
            rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            Step(statement, clock);
        }

        return rows;
    }

    private void Step(string sql, Stopwatch clock)
    {
        var line = sql.Trim().Split('\n')[0].Trim();
        StepTimes.Add((line.Length > 90 ? line[..90] : line, clock.Elapsed));
    }

    private void Validate(ExtractionBatch batch)
    {
        if (_scope is { } scope && batch.File is { } file && !scope.Contains(file.FilePath))
        {
            throw new ArgumentException($"A document-scoped write got the state of '{file.FilePath}', which is outside its documents; extract only the documents being replaced.", nameof(batch));
        }

        if (_scope is { } documents && batch.Relationships.FirstOrDefault(r => r.Site is { } site && !documents.Contains(site.FilePath)) is { } outside)
        {
            throw new ArgumentException($"A document-scoped write got an edge whose site is outside its documents ({outside.Site}); extract only the documents being replaced.", nameof(batch));
        }

        foreach (var s in batch.Symbols)
        {
            if (string.IsNullOrEmpty(s.SymbolKey) || string.IsNullOrEmpty(s.AssemblyName) || s.Name is null || s.QualifiedName is null
                || s.Kind is null || s.Project is null || s.Visibility is null || s.Language is null || s.ContentHash is null || s.Locations is null)
            {
                throw new ArgumentException($"Symbol '{s.SymbolKey}' in batch '{batch.FilePath}' lacks a required value (key, assembly, name, qualified name, kind, project, visibility, language, content hash, locations).", nameof(batch));
            }
        }

        foreach (var r in batch.Relationships)
        {
            if (!RelationshipTypes.All.Contains(r.Type))
            {
                throw new ArgumentException($"Relationship type '{r.Type}' in batch '{batch.FilePath}' is not one of: {string.Join(", ", RelationshipTypes.All)}.", nameof(batch));
            }
        }
    }
}
