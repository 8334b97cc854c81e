using System.Globalization;
using CodeIndex.Storage.Connection;
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
    /// <remarks>One round trip: the transaction-local settings and the query go as one batch, which PostgreSQL runs as one implicit transaction
    /// (the settings end with it). Before, a transaction, a settings command and the query took three; on 2 busy cores every extra wake-up of
    /// the server process shows in the tail latency.</remarks>
    public async Task<IReadOnlyList<(long SymbolId, double Similarity)>> NearestAsync(
        long? repositoryId, string modelId, int dimension, float[] queryVector, int limit, VectorSearchFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        filter ??= VectorSearchFilter.None;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = Batch(connection, limit, filter, Query(repositoryId, modelId, dimension, queryVector, limit, filter));
        await using var reader = await LocalSettingsBatch.ExecuteReaderAsync(batch, cancellationToken).ConfigureAwait(false);
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
        filter ??= VectorSearchFilter.None;
        var query = Query(repositoryId, modelId, dimension, queryVector, limit, filter);
        query.CommandText = "EXPLAIN " + query.CommandText;
        return string.Join('\n', await ReadStringsAsync(limit, filter, query, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>hnsw.ef_search, hnsw.iterative_scan and enable_sort as the query of <see cref="NearestAsync"/> sees them (the batch's settings at work).</summary>
    internal async Task<string> SettingsInEffectAsync(int limit, VectorSearchFilter filter, CancellationToken cancellationToken = default) =>
        (await ReadStringsAsync(limit, filter,
            new NpgsqlBatchCommand("SELECT current_setting('hnsw.ef_search') || ' ' || current_setting('hnsw.iterative_scan') || ' ' || current_setting('enable_sort')"),
            cancellationToken).ConfigureAwait(false)).Single();

    private async Task<List<string>> ReadStringsAsync(int limit, VectorSearchFilter filter, NpgsqlBatchCommand query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = Batch(connection, limit, filter, query);
        await using var reader = await LocalSettingsBatch.ExecuteReaderAsync(batch, cancellationToken).ConfigureAwait(false);
        var lines = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }

    /// <summary>The settings of <see cref="Settings"/>, then <paramref name="query"/> (<see cref="LocalSettingsBatch"/>).</summary>
    private NpgsqlBatch Batch(NpgsqlConnection connection, int limit, VectorSearchFilter filter, NpgsqlBatchCommand query) =>
        LocalSettingsBatch.Create(connection, Settings(limit, filter).ToList(), query);

    /// <summary>Candidate list size at least <see cref="CandidateListFactor"/>×limit; with filters, pgvector ≥ 0.8 keeps scanning the index until enough rows pass them.</summary>
    /// <remarks>Without filters the HNSW index is always the right plan, but the planner's choice flips with ef_search and table size
    /// (it does not cost reading every TOASTed 2 KB vector): at 3k–10k vectors it chose a scan of all vectors and a sort, 25–100 ms
    /// instead of 1–12 ms. So unfiltered searches disable sorts for their transaction, which leaves the index-ordered scan; filtered
    /// ones keep the planner's choice (an exact scan can be right for a very selective filter). Without an index the sort still runs.</remarks>
    private IEnumerable<(string Name, string Value)> Settings(int limit, VectorSearchFilter filter)
    {
        yield return ("hnsw.ef_search", Math.Max(40, Math.Min(1000, (int)Math.Ceiling(CandidateListFactor * limit))).ToString(CultureInfo.InvariantCulture));
        yield return ("hnsw.iterative_scan", "strict_order");
        if (filter.IsEmpty)
        {
            yield return ("enable_sort", "off");
        }
    }

    private static NpgsqlBatchCommand Query(long? repositoryId, string modelId, int dimension, float[] queryVector, int limit, VectorSearchFilter filter)
    {
        // The model id and dimension are validated ([a-z0-9_.-], 1–16000) and inlined: the planner must see the literal model id to
        // match the partial HNSW index (a generic plan with a parameter could not), and vector(N) needs a constant N.
        var n = ModelIdentifier.Dimension(dimension).ToString(CultureInfo.InvariantCulture);
        var model = ModelIdentifier.Literal(modelId);
        var sql = $"""
            SELECT e.symbol_id, 1 - (e.embedding::vector({n}) <=> $1::vector({n})) AS similarity
            FROM symbol_embeddings e JOIN code_symbols c ON c.id = e.symbol_id
            WHERE e.model_id = {model} AND e.embedding IS NOT NULL
              AND ($2::bigint IS NULL OR e.repository_id = $2)
              AND ($3::text[] IS NULL OR c.kind = ANY ($3))
              AND ($4::text IS NULL OR c.project = $4)
              AND ($5::text IS NULL OR starts_with(c.file_path, $5))
            ORDER BY e.embedding::vector({n}) <=> $1::vector({n})
            LIMIT $6
            """;
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(PgVectorValue.Parameter(queryVector, dimension));
        command.Parameters.Add(new() { Value = (object?)repositoryId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = filter.Kinds is { Count: > 0 } kinds ? kinds.ToArray() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)filter.Project ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)filter.PathPrefix ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer });
        return command;
    }
}
