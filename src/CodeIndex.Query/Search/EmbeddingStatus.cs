using CodeIndex.Core.Model;
using Npgsql;

namespace CodeIndex.Query;

/// <summary>How many of the repository's embeddable symbols have a vector from the query's model and how many still await one.</summary>
/// <remarks>Embeddable = source symbols that are not namespaces, the rule of <c>EmbeddingPipeline.PendingCountAsync</c>; a vector of another model counts as pending.</remarks>
internal sealed class EmbeddingStatus(NpgsqlDataSource db)
{
    private const string Sql = $"""
        SELECT count(*) FILTER (WHERE e.embedding IS NULL OR e.model_id IS DISTINCT FROM @model)::int,
               count(*) FILTER (WHERE e.embedding IS NOT NULL AND e.model_id = @model)::int
        FROM code_symbols c LEFT JOIN symbol_embeddings e ON e.symbol_id = c.id
        WHERE (@repo IS NULL OR c.repository_id = @repo) AND NOT c.is_external AND c.kind <> '{SymbolKinds.Namespace}'
        """;

    /// <summary>(pending, ready) for <paramref name="modelId"/> (null = no embedder: every embeddable symbol is pending).</summary>
    public async Task<(int Pending, int Ready)> CountAsync(long? repositoryId, string? modelId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(Sql);
        command.Parameters.Add(SqlParameters.Bigint("repo", repositoryId));
        command.Parameters.Add(new NpgsqlParameter("model", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)modelId ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.GetInt32(0), reader.GetInt32(1));
    }
}
