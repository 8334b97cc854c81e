using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Chroma.Tests.Support;

/// <summary>Writes repositories, symbols, symbol_embeddings (synthetic, deterministic 512-d vectors) and outbox rows with plain SQL.</summary>
internal static class EmbeddingData
{
    public const string ModelId = "use-lite/v1";
    public const int Dimension = 512;

    /// <summary>A new repository with a unique root; Chroma mirroring on or off.</summary>
    public static async Task<long> CreateRepositoryAsync(NpgsqlDataSource dataSource, bool chromaEnabled = true)
    {
        await using var command = dataSource.CreateCommand("INSERT INTO repositories (name, root_path, chroma_enabled) VALUES ($1, $2, $3) RETURNING id");
        var name = $"repo-{Guid.NewGuid():N}";
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = "/src/" + name });
        command.Parameters.Add(new NpgsqlParameter { Value = chromaEnabled });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The document id of symbol number <paramref name="index"/>.</summary>
    public static string DocumentId(int index) => $"M:Sample.Type{index / 10}.Method{index}(System.String)";

    /// <summary>The default embedded text of symbol number <paramref name="index"/>.</summary>
    public static string Text(int index) => $"method Method{index} in Sample.Type{index / 10}: returns \"value {index}\"";

    /// <summary>Inserts symbols <paramref name="first"/>..first+count-1 with vectors, optionally queuing an outbox upsert for each.</summary>
    public static async Task<long[]> InsertSymbolsAsync(NpgsqlDataSource dataSource, long repositoryId, int first, int count, bool enqueue = true, Func<int, string>? text = null)
    {
        await EnsureModelAsync(dataSource);
        var ids = new long[count];
        await using var connection = await dataSource.OpenConnectionAsync();
        for (var start = 0; start < count; start += 500)
        {
            await using var batch = new NpgsqlBatch(connection);
            for (var i = start; i < Math.Min(count, start + 500); i++)
            {
                var index = first + i;
                var command = new NpgsqlBatchCommand($"""
                    WITH s AS (
                        INSERT INTO code_symbols (repository_id, project, symbol_key, name, qualified_name, kind, file_path, line_number,
                                                  visibility, language, assembly_name, content_hash)
                        VALUES ($1, 'Sample', $2, $3, $3, 'method', $4, $5, 'public', 'C#', 'Sample', 'h')
                        RETURNING id),
                    e AS (
                        INSERT INTO symbol_embeddings (symbol_id, repository_id, model_id, document_id, text_hash, embedded_text, dimension, embedding)
                        SELECT s.id, $1, $6, $2, md5($7), $7, {Dimension}, $8::real[]::vector FROM s
                        RETURNING symbol_id)
                    INSERT INTO chroma_outbox (repository_id, model_id, operation, document_id, symbol_id)
                    SELECT $1, $6, 'upsert', $2, e.symbol_id FROM e WHERE $9
                    RETURNING symbol_id
                    """);
                command.Parameters.Add(new NpgsqlParameter { Value = repositoryId, NpgsqlDbType = NpgsqlDbType.Bigint });
                command.Parameters.Add(new NpgsqlParameter { Value = DocumentId(index), NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = $"Method{index}", NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = $"src/Type{index / 10}.cs", NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = 10 + index, NpgsqlDbType = NpgsqlDbType.Integer });
                command.Parameters.Add(new NpgsqlParameter { Value = ModelId, NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = (text ?? Text)(index), NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = Vector(index), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Real });
                command.Parameters.Add(new NpgsqlParameter { Value = enqueue, NpgsqlDbType = NpgsqlDbType.Boolean });
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync();
        }

        await using var read = dataSource.CreateCommand("SELECT symbol_id FROM symbol_embeddings WHERE repository_id = $1 ORDER BY symbol_id");
        read.Parameters.Add(new NpgsqlParameter { Value = repositoryId });
        await using var reader = await read.ExecuteReaderAsync();
        var all = new List<long>();
        while (await reader.ReadAsync())
        {
            all.Add(reader.GetInt64(0));
        }

        return [.. all.TakeLast(count)];
    }

    /// <summary>Queues an outbox row by hand.</summary>
    public static async Task EnqueueAsync(NpgsqlDataSource dataSource, long repositoryId, string operation, string documentId, DateTimeOffset? nextAttempt = null)
    {
        await using var command = dataSource.CreateCommand("INSERT INTO chroma_outbox (repository_id, model_id, operation, document_id, next_attempt_at) VALUES ($1, $2, $3, $4, coalesce($5, now()))");
        command.Parameters.Add(new NpgsqlParameter { Value = repositoryId });
        command.Parameters.Add(new NpgsqlParameter { Value = ModelId });
        command.Parameters.Add(new NpgsqlParameter { Value = operation });
        command.Parameters.Add(new NpgsqlParameter { Value = documentId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)nextAttempt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> ExecuteScalarAsync(NpgsqlDataSource dataSource, string sql, params object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A deterministic unit vector for symbol <paramref name="index"/> (xorshift, same in every process).</summary>
    public static float[] Vector(int index)
    {
        var state = (uint)(index * 2654435761u) | 1u;
        var vector = new float[Dimension];
        double norm = 0;
        for (var i = 0; i < vector.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            vector[i] = (state / (float)uint.MaxValue) - 0.5f;
            norm += vector[i] * vector[i];
        }

        var scale = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] *= scale;
        }

        return vector;
    }

    private static async Task EnsureModelAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand($"INSERT INTO embedding_models (model_id, dimension) VALUES ('{ModelId}', {Dimension}) ON CONFLICT DO NOTHING");
        await command.ExecuteNonQueryAsync();
    }
}
