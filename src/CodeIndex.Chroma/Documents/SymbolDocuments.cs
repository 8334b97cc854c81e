using System.Runtime.CompilerServices;
using CodeIndex.Chroma.Client;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Chroma.Documents;

/// <summary>Reads what Chroma should hold from PostgreSQL: <c>symbol_embeddings</c> rows with a vector, joined to <c>code_symbols</c> for metadata.</summary>
internal static class SymbolDocuments
{
    // One row per document id; if two symbols ever share one, the most recently embedded wins (deterministically).
    private const string SelectDocuments = """
        SELECT DISTINCT ON (se.document_id) se.document_id, se.embedding::real[], se.embedded_text,
               cs.kind, cs.file_path, cs.line_number, cs.project, cs.symbol_key
        FROM symbol_embeddings se
        JOIN code_symbols cs ON cs.id = se.symbol_id
        WHERE se.repository_id = $1 AND se.model_id = $2 AND se.embedding IS NOT NULL
        """;

    /// <summary>The (repository, model) pairs that have vectors, optionally for one repository.</summary>
    public static async Task<IReadOnlyList<(long RepositoryId, string ModelId)>> CollectionsAsync(NpgsqlDataSource dataSource, long? repositoryId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT DISTINCT repository_id, model_id FROM symbol_embeddings
            WHERE embedding IS NOT NULL AND ($1::bigint IS NULL OR repository_id = $1)
            ORDER BY 1, 2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)repositoryId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        var pairs = new List<(long, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pairs.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return pairs;
    }

    /// <summary>The current records for <paramref name="documentIds"/>; ids without a row or without a vector are absent.</summary>
    public static async Task<Dictionary<string, ChromaRecord>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long repositoryId, string modelId, string[] documentIds, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(SelectDocuments + " AND se.document_id = ANY($3) ORDER BY se.document_id, se.updated_at DESC, se.symbol_id DESC", connection, transaction);
        AddKey(command, repositoryId, modelId);
        command.Parameters.Add(new NpgsqlParameter { Value = documentIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        var records = new Dictionary<string, ChromaRecord>(documentIds.Length, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var record = ToRecord(reader);
            records[record.Id] = record;
        }

        return records;
    }

    /// <summary>Every current record of one repository and model, streamed.</summary>
    public static async IAsyncEnumerable<ChromaRecord> StreamAsync(NpgsqlDataSource dataSource, long repositoryId, string modelId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(SelectDocuments + " ORDER BY se.document_id, se.updated_at DESC, se.symbol_id DESC", connection);
        AddKey(command, repositoryId, modelId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ToRecord(reader);
        }
    }

    /// <summary>Every document id with a vector for one repository and model.</summary>
    public static async Task<HashSet<string>> ReadIdsAsync(NpgsqlDataSource dataSource, long repositoryId, string modelId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT DISTINCT document_id FROM symbol_embeddings WHERE repository_id = $1 AND model_id = $2 AND embedding IS NOT NULL");
        AddKey(command, repositoryId, modelId);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static void AddKey(NpgsqlCommand command, long repositoryId, string modelId)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = repositoryId, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = modelId, NpgsqlDbType = NpgsqlDbType.Text });
    }

    private static ChromaRecord ToRecord(NpgsqlDataReader reader)
    {
        var metadata = new ChromaDocumentMetadata(
            reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetInt32(5),
            reader.GetString(6),
            reader.GetString(7));
        return new ChromaRecord(reader.GetString(0), reader.GetFieldValue<float[]>(1), reader.GetString(2), metadata);
    }
}
