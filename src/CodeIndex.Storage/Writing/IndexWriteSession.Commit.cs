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
        var merge = Stopwatch.StartNew();
        try
        {
            await ExecuteAsync(MergeSql.Prepare, cancellationToken).ConfigureAwait(false);
            long inserted = 0, updated = 0;
            await using (var upsert = Command(MergeSql.UpsertSymbols))
            await using (var reader = await upsert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                inserted = reader.GetInt64(0);
                updated = reader.GetInt64(1);
            }

            long deleted;
            await using (var delete = Command(MergeSql.DeleteMissingSymbols))
            {
                deleted = await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(MergeSql.ReplaceLocations, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(MergeSql.FoldEdges, cancellationToken).ConfigureAwait(false);
            long dropped;
            await using (var count = Command(MergeSql.CountDroppedEdges))
            {
                dropped = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            await ExecuteAsync(MergeSql.ReplaceRelationships, cancellationToken).ConfigureAwait(false);
            long symbols, relationships, sites;
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

            await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _state = State.Committed;
            merge.Stop();
            if (dropped > 0)
            {
                IndexWriterLog.DroppedEdges(_logger, dropped);
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
        return command;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Validate(ExtractionBatch batch)
    {
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
