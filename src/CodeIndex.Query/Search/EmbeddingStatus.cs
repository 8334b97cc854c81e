using Npgsql;

namespace CodeIndex.Query;

/// <summary>How many of the repository's embeddable symbols have a vector from the query's model and how many still await one.</summary>
/// <remarks>Embeddable = source symbols that are not namespaces, the rule of <c>EmbeddingPipeline.PendingCountAsync</c>; a vector of another model counts as pending.
/// Read from the counters that migration 007's triggers keep exact (<c>search_symbol_counts</c>, <c>search_embedding_counts</c>): two index lookups,
/// whatever the repository's size. Ready = stored vectors of the model minus those whose symbol is not embeddable; pending = embeddable − ready.</remarks>
internal sealed class EmbeddingStatus(NpgsqlDataSource db)
{
    private const string Sql = """
        SELECT (SELECT coalesce(sum(c.embeddable_symbols), 0) FROM search_symbol_counts c WHERE @repo IS NULL OR c.repository_id = @repo)::int,
               (SELECT coalesce(sum(e.vectors - e.orphan_vectors), 0) FROM search_embedding_counts e
                WHERE (@repo IS NULL OR e.repository_id = @repo) AND e.model_id = @model)::int
        """;

    /// <summary>(pending, ready) for <paramref name="modelId"/> (null = no embedder: every embeddable symbol is pending).</summary>
    public async Task<(int Pending, int Ready)> CountAsync(long? repositoryId, string? modelId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(Sql);
        command.Parameters.Add(SqlParameters.Bigint("repo", repositoryId));
        command.Parameters.Add(new NpgsqlParameter("model", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)modelId ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var embeddable = reader.GetInt32(0);
        var ready = reader.GetInt32(1);
        return (embeddable - ready, ready);
    }
}
