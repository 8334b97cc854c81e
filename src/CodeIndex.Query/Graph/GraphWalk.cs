using Npgsql;

namespace CodeIndex.Query;

/// <summary>Runs <see cref="GraphWalkSql"/> with typed parameters and maps the rows to <see cref="QueryResult"/>s.</summary>
internal sealed class GraphWalk(NpgsqlDataSource db)
{
    /// <summary>All nodes within <paramref name="depth"/> hops of any of <paramref name="starts"/> (up to the first level that exceeds <paramref name="limit"/>), page of <paramref name="limit"/>.</summary>
    public async Task<QueryPage> PageAsync(IReadOnlyList<long> starts, WalkSpec spec, int depth, int limit, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(GraphWalkSql.Page);
        AddParameters(command, starts, spec, depth, limit, stops: null);
        var results = await ReadPageAsync(command, cancellationToken).ConfigureAwait(false);

        // The SQL keeps limit + 1 results by (depth, id) to detect a cut, listed by name: drop the one it kept last, not the last listed.
        var truncated = results.Count > limit;
        if (truncated)
        {
            results.Remove(results.MaxBy(r => (r.Depth, r.Symbol.Id))!);
        }

        return new QueryPage(results, truncated, depth);
    }

    /// <summary>Results <paramref name="offset"/> .. <paramref name="offset"/> + <paramref name="limit"/> in the stable order of
    /// depth, qualified name, symbol key, assembly (<see cref="GraphWalkSql.NamedPage"/>).</summary>
    public async Task<QueryPage> NamedPageAsync(IReadOnlyList<long> starts, WalkSpec spec, int depth, int offset, int limit, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(GraphWalkSql.NamedPage);
        AddParameters(command, starts, spec, depth, (long)offset + limit, stops: null);
        command.Parameters.Add(SqlParameters.Integer("offset", offset));
        command.Parameters.Add(SqlParameters.Integer("limit", limit));
        var results = await ReadPageAsync(command, cancellationToken).ConfigureAwait(false);
        var truncated = results.Count > limit;
        if (truncated)
        {
            results.RemoveAt(results.Count - 1);
        }

        return new QueryPage(results, truncated, depth);
    }

    private static async Task<List<QueryResult>> ReadPageAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var results = new List<QueryResult>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add(new QueryResult(
                SymbolRow.Read(reader),
                reader.GetInt32(SymbolRow.Count),
                reader.GetFieldValue<string[]>(SymbolRow.Count + 2),
                reader.IsDBNull(SymbolRow.Count + 1) ? null : reader.GetString(SymbolRow.Count + 1),
                reader.GetFieldValue<string[]>(SymbolRow.Count + 3)));
        }

        return results;
    }

    /// <summary>One shortest path from any of <paramref name="starts"/> to the nearest of <paramref name="stops"/> (both ends included), or none.</summary>
    public async Task<IReadOnlyList<QueryResult>> PathAsync(IReadOnlyList<long> starts, IReadOnlyList<long> stops, WalkSpec spec, int depth, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(GraphWalkSql.Path);
        AddParameters(command, starts, spec, depth, int.MaxValue, stops);
        var results = new List<QueryResult>();
        var keys = new List<string>();
        var handles = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var symbol = SymbolRow.Read(reader);
            keys.Add(symbol.SymbolKey);
            handles.Add(symbol.Handle);
            var via = reader.IsDBNull(SymbolRow.Count) ? null : reader.GetString(SymbolRow.Count);
            results.Add(new QueryResult(symbol, results.Count, keys.ToArray(), via, handles.ToArray()));
        }

        return results;
    }

    private static void AddParameters(NpgsqlCommand command, IReadOnlyList<long> starts, WalkSpec spec, int depth, long maxFound, IReadOnlyList<long>? stops)
    {
        command.Parameters.Add(SqlParameters.BigintArray("starts", starts));
        command.Parameters.Add(SqlParameters.Integer("depth", depth));
        command.Parameters.Add(SqlParameters.Bigint("max_found", maxFound));
        command.Parameters.Add(SqlParameters.BigintArray("stops", stops));
        command.Parameters.Add(SqlParameters.TextArray("backward", spec.Backward));
        command.Parameters.Add(SqlParameters.TextArray("forward", spec.Forward));
    }
}
