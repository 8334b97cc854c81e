using CodeIndex.Core.Errors;
using CodeIndex.Vectors.Text;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Vectors.Pipeline;

/// <summary>Prepare step: streams the repository's embeddable symbols into staging with their texts, upserts symbol_embeddings (keeping unchanged vectors) and fills changed rows from the cache, in one transaction.</summary>
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

        await PipelineCommands.ExecuteAsync(PipelineCommands.Create(PipelineSql.CreateStage, write, tx, repositoryId), cancellationToken).ConfigureAwait(false);
        await StageSymbolsAsync(write, repositoryId, cancellationToken).ConfigureAwait(false);
        await PipelineCommands.ExecuteAsync(PipelineCommands.Create("ANALYZE stage_embed", write, tx, repositoryId), cancellationToken).ConfigureAwait(false);

        var removed = await PipelineCommands.ExecuteAsync(PipelineCommands.Create(PipelineSql.DeleteStale, write, tx, repositoryId), cancellationToken).ConfigureAwait(false);
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
        var pending = await PipelineCommands.ScalarAsync<int>(PipelineCommands.Create(PipelineSql.PendingCount, write, tx, repositoryId), cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new PrepareResult(staged, staged - reset, reused, removed, pending, chroma);
    }

    /// <summary>Reads symbols on a second connection and COPYs their texts into stage_embed on <paramref name="write"/>, one row at a time (no whole-repository list in memory).</summary>
    private async Task StageSymbolsAsync(NpgsqlConnection write, long repositoryId, CancellationToken cancellationToken)
    {
        await using var read = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var select = PipelineCommands.Create(PipelineSql.ReadSymbols, read, null, repositoryId);
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

/// <summary>Counts of the prepare step.</summary>
internal readonly record struct PrepareResult(int Symbols, int Unchanged, int ReusedFromCache, int Removed, int Pending, bool ChromaEnabled);
