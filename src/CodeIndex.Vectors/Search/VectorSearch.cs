using System.Globalization;
using CodeIndex.Vectors.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Vectors.Search;

/// <summary>Semantic query primitive: the symbols whose vectors are nearest (cosine) to a query vector, through the model's HNSW index.</summary>
public sealed class VectorSearch(NpgsqlDataSource dataSource)
{
    /// <summary>Most results one query may ask for.</summary>
    public const int MaxLimit = 1000;

    /// <summary>HNSW candidate list (<c>hnsw.ef_search</c>) per result asked for: ef_search = max(40, min(1000, limit × this)). Default 2;
    /// callers that fuse many neighbours and are latency-bound (hybrid search) may trade some recall for half the work with 1.</summary>
    public double CandidateListFactor { get; init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Must be positive."); } = 2;

    /// <summary>Up to <paramref name="limit"/> (symbol id, similarity = 1 − cosine distance) pairs, most similar first, of <paramref name="modelId"/>'s vectors
    /// in <paramref name="repositoryId"/> (all repositories when null) that pass <paramref name="filter"/>.</summary>
    public async Task<IReadOnlyList<(long SymbolId, double Similarity)>> NearestAsync(
        long? repositoryId, string modelId, int dimension, float[] queryVector, int limit, VectorSearchFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        filter ??= VectorSearchFilter.None;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var settings = new NpgsqlCommand(SettingsSql(limit, filter), connection, tx))
        {
            await settings.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var command = Command(connection, tx, repositoryId, modelId, dimension, queryVector, limit, filter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var results = new List<(long, double)>(limit);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add((reader.GetInt64(0), reader.GetDouble(1)));
        }

        return results;
    }

    /// <summary>The query plan of <see cref="NearestAsync"/> for the same arguments (EXPLAIN text), to check that the HNSW index is used.</summary>
    internal async Task<string> ExplainAsync(long? repositoryId, string modelId, int dimension, float[] queryVector, int limit, VectorSearchFilter? filter, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        filter ??= VectorSearchFilter.None;
        await using (var settings = new NpgsqlCommand(SettingsSql(limit, filter), connection, tx))
        {
            await settings.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var command = Command(connection, tx, repositoryId, modelId, dimension, queryVector, limit, filter);
        command.CommandText = "EXPLAIN " + command.CommandText;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var lines = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    /// <summary>Candidate list size at least <see cref="CandidateListFactor"/>×limit; with filters, pgvector ≥ 0.8 keeps scanning the index until enough rows pass them.</summary>
    /// <remarks>Without filters the HNSW index is always the right plan, but the planner's choice flips with ef_search and table size
    /// (it does not cost reading every TOASTed 2 KB vector): at 3k–10k vectors it chose a scan of all vectors and a sort, 25–100 ms
    /// instead of 1–12 ms. So unfiltered searches disable sorts for their transaction, which leaves the index-ordered scan; filtered
    /// ones keep the planner's choice (an exact scan can be right for a very selective filter). Without an index the sort still runs.</remarks>
    private string SettingsSql(int limit, VectorSearchFilter filter) =>
        $"SET LOCAL hnsw.ef_search = {Math.Max(40, Math.Min(1000, (int)Math.Ceiling(CandidateListFactor * limit))).ToString(CultureInfo.InvariantCulture)}; SET LOCAL hnsw.iterative_scan = strict_order"
        + (filter.IsEmpty ? "; SET LOCAL enable_sort = off" : "");

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction tx, long? repositoryId, string modelId, int dimension, float[] queryVector, int limit, VectorSearchFilter filter)
    {
        // The model id and dimension are validated ([a-z0-9_.-], 1–16000) and inlined: the planner must see the literal model id to
        // match the partial HNSW index (a generic plan with a parameter could not), and vector(N) needs a constant N.
        var n = ModelIdentifier.Dimension(dimension).ToString(CultureInfo.InvariantCulture);
        var model = ModelIdentifier.Literal(modelId);
        var sql = $"""
            SELECT e.symbol_id, 1 - (e.embedding::vector({n}) <=> $1::real[]::vector({n})) AS similarity
            FROM symbol_embeddings e JOIN code_symbols c ON c.id = e.symbol_id
            WHERE e.model_id = {model} AND e.embedding IS NOT NULL
              AND ($2::bigint IS NULL OR e.repository_id = $2)
              AND ($3::text[] IS NULL OR c.kind = ANY ($3))
              AND ($4::text IS NULL OR c.project = $4)
              AND ($5::text IS NULL OR starts_with(c.file_path, $5))
            ORDER BY e.embedding::vector({n}) <=> $1::real[]::vector({n})
            LIMIT $6
            """;
        var command = new NpgsqlCommand(sql, connection, tx);
        command.Parameters.Add(PgVectorValue.Parameter(queryVector, dimension));
        command.Parameters.Add(new() { Value = (object?)repositoryId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = filter.Kinds is { Count: > 0 } kinds ? kinds.ToArray() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)filter.Project ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)filter.PathPrefix ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer });
        return command;
    }
}
