using CodeIndex.Core.Errors;
using CodeIndex.Vectors.Text;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Vectors.Pipeline;

/// <summary>Prepare step: streams the repository's embeddable symbols into staging with their texts, upserts symbol_embeddings (keeping unchanged vectors) and fills changed rows from the cache, in one transaction.</summary>
/// <remarks>It prepares only the symbols whose keys the graph writes logged in <c>embedding_changes</c> since the last run
/// (schema 011), and the whole repository when a whole-repository write logged the empty key, when the repository was never
/// prepared, or when its rows belong to another model.</remarks>
internal sealed class EmbeddingPreparer(NpgsqlDataSource dataSource)
{
    /// <summary>High 32 bits of the advisory lock that serialises prepare steps per repository ("CIEM"); distinct from the index writer's lock, so indexing never waits for it.</summary>
    private const long LockNamespace = 0x4349454DL << 32;

    public async Task<PrepareResult> PrepareAsync(long repositoryId, string modelId, CancellationToken cancellationToken)
    {
        await using var write = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await write.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", write, tx))
        {
            lockCommand.Parameters.Add(new() { Value = LockNamespace ^ repositoryId, NpgsqlDbType = NpgsqlDbType.Bigint });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        object? chromaValue;
        await using (var chromaCommand = PipelineCommands.Create(PipelineSql.ChromaEnabled, write, tx, repositoryId))
        {
            chromaValue = await chromaCommand.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }

        if (chromaValue is not bool chroma)
        {
            throw new UserInputException("repository_not_found", $"Repository {repositoryId} does not exist. To fix this, index it first (codeindex index <path>).");
        }

        // Claim the change log first: rows a concurrent graph write appends after this statement stay for the next run, and
        // everything read below is at least as new as what was claimed.
        var keys = await ClaimChangesAsync(write, tx, repositoryId, cancellationToken).ConfigureAwait(false);
        string[]? scope = null;
        if (!keys.Contains(string.Empty))
        {
            await using var whole = PipelineCommands.Create(PipelineSql.NeedsWholeRepository, write, tx, repositoryId, modelId);
            var needsWhole = (bool)(await whole.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            scope = needsWhole ? null : [.. keys];
        }

        if (scope is { Length: 0 })
        {
            var (symbols, waiting) = await CountsAsync(write, tx, repositoryId, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new PrepareResult(symbols, symbols, 0, 0, waiting, chroma, Scoped: true);
        }

        await PipelineCommands.ExecuteAsync(PipelineCommands.Create(PipelineSql.CreateStage, write, tx, repositoryId), cancellationToken).ConfigureAwait(false);
        await StageSymbolsAsync(write, repositoryId, scope, cancellationToken).ConfigureAwait(false);
        await PipelineCommands.ExecuteAsync(PipelineCommands.Create("ANALYZE stage_embed", write, tx, repositoryId), cancellationToken).ConfigureAwait(false);

        int removed;
        await using (var stale = PipelineCommands.Create(scope is null ? PipelineSql.DeleteStale : PipelineSql.DeleteStaleOfKeys, write, tx, repositoryId))
        {
            if (scope is not null)
            {
                stale.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = scope });
            }

            removed = await stale.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }


        await PipelineCommands.ExecuteAsync(PipelineCommands.Create(PipelineSql.QueueMovedDeletes, write, tx, repositoryId, modelId, chroma), cancellationToken).ConfigureAwait(false);
        int staged, reset;
        await using (var upsert = PipelineCommands.Create(PipelineSql.Upsert, write, tx, repositoryId, modelId, chroma))
        await using (var reader = await upsert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            staged = reader.GetInt32(0);
            reset = reader.GetInt32(2);
        }

        var reused = await PipelineCommands.ScalarAsync<int>(PipelineCommands.Create(PipelineSql.FillFromCache, write, tx, repositoryId, modelId, chroma), cancellationToken).ConfigureAwait(false);
        var (total, pending) = await CountsAsync(write, tx, repositoryId, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);

        // A scoped run staged only the logged keys: every other symbol of the repository is unchanged by construction.
        return scope is null
            ? new PrepareResult(staged, staged - reset, reused, removed, pending, chroma, Scoped: false)
            : new PrepareResult(total, total - reset, reused, removed, pending, chroma, Scoped: true);
    }

    /// <summary>The repository's embeddable symbols and those of them without a vector.</summary>
    private static async Task<(int Symbols, int Pending)> CountsAsync(NpgsqlConnection write, NpgsqlTransaction tx, long repositoryId, CancellationToken cancellationToken)
    {
        await using var command = PipelineCommands.Create(PipelineSql.Counts, write, tx, repositoryId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    /// <summary>Deletes the repository's <c>embedding_changes</c> rows in this transaction and returns their distinct keys.</summary>
    private static async Task<HashSet<string>> ClaimChangesAsync(NpgsqlConnection write, NpgsqlTransaction tx, long repositoryId, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await using var claim = PipelineCommands.Create(PipelineSql.ClaimChanges, write, tx, repositoryId);
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    /// <summary>Reads symbols (every one, or those with a key in <paramref name="scope"/>) on a second connection and COPYs their
    /// texts into stage_embed on <paramref name="write"/>, one row at a time (no whole-repository list in memory).</summary>
    private async Task StageSymbolsAsync(NpgsqlConnection write, long repositoryId, string[]? scope, CancellationToken cancellationToken)
    {
        await using var read = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var select = PipelineCommands.Create(scope is null ? PipelineSql.ReadSymbols : PipelineSql.ReadSymbolsOfKeys, read, null, repositoryId);
        if (scope is not null)
        {
            select.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = scope });
        }

        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var importer = await write.BeginBinaryImportAsync(PipelineSql.CopyStage, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var symbol = new EmbeddableSymbol(
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5));
            var text = SymbolTextBuilder.Build(symbol);
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(reader.GetInt64(0), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(reader.GetString(6), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(TextHash.Of(text), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(text, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Counts of the prepare step; <paramref name="Scoped"/> when it prepared only the keys of <c>embedding_changes</c>.</summary>
internal readonly record struct PrepareResult(int Symbols, int Unchanged, int ReusedFromCache, int Removed, int Pending, bool ChromaEnabled, bool Scoped);
