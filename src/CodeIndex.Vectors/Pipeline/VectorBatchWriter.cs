using CodeIndex.Vectors.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Vectors.Pipeline;

/// <summary>Consumer side: writes one batch of computed vectors to the cache and every pending row with those hashes (and their outbox rows) in one transaction.</summary>
/// <remarks>Vectors go into the staging table's <c>vector</c> column as <c>Pgvector.Vector</c> (pgvector's binary format), so the server
/// parses them once with <c>vector_recv</c> instead of parsing a <c>real[]</c> and casting it.</remarks>
internal sealed class VectorBatchWriter(NpgsqlDataSource dataSource, long repositoryId, string modelId, int dimension, bool chroma)
{
    /// <summary>Returns the number of symbol rows filled; nothing is written unless the whole batch commits.</summary>
    public async Task<int> WriteAsync(IReadOnlyList<PendingText> texts, float[][] vectors, CancellationToken cancellationToken)
    {
        if (vectors.Length != texts.Count)
        {
            throw new InvalidOperationException($"The embedder returned {vectors.Length} vectors for {texts.Count} texts; expected one per text.");
        }

        // Validated and encoded before any database work: a bad vector fails the batch without touching the connection.
        var encoded = Array.ConvertAll(vectors, v => PgVectorValue.From(v, dimension));
        cancellationToken.ThrowIfCancellationRequested();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await PipelineCommands.ExecuteAsync(PipelineCommands.Create(PipelineSql.CreateVectorStage, connection, tx, repositoryId), cancellationToken).ConfigureAwait(false);
        await using (var importer = await connection.BeginBinaryImportAsync(PipelineSql.CopyVectors, cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < texts.Count; i++)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(texts[i].Hash, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(encoded[i], cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await PipelineCommands.ExecuteAsync(PipelineCommands.Create(PipelineSql.CacheVectors, connection, tx, repositoryId, modelId), cancellationToken).ConfigureAwait(false);
        var fill = PipelineCommands.Create(PipelineSql.FillFromBatch, connection, tx, repositoryId, modelId, chroma);
        fill.Parameters.Add(new NpgsqlParameter("dim", NpgsqlDbType.Integer) { Value = dimension });
        var filled = await PipelineCommands.ScalarAsync<int>(fill, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return filled;
    }
}
