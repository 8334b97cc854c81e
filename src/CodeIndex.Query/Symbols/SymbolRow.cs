using Npgsql;

namespace CodeIndex.Query;

/// <summary>The <c>code_symbols</c> column list every query selects (aliased <c>s</c>) and its mapping to <see cref="SymbolInfo"/>.</summary>
internal static class SymbolRow
{
    /// <summary>Number of columns in <see cref="Columns"/>; extra columns a query selects start at this ordinal.</summary>
    public const int Count = 13;

    public const string Columns =
        "s.id, s.repository_id, s.symbol_key, s.name, s.qualified_name, s.kind, s.project, " +
        "s.file_path, s.line_number, s.column_number, s.signature, s.is_external, s.assembly_name";

    /// <summary><see cref="Columns"/> read from a relation or CTE aliased <paramref name="alias"/> that selected them.</summary>
    public static string ColumnsOf(string alias) => Columns.Replace("s.", alias + ".", StringComparison.Ordinal);

    public static SymbolInfo Read(NpgsqlDataReader reader) => Read(reader, 0);

    /// <summary>Reads <see cref="Columns"/> selected from ordinal <paramref name="first"/> on.</summary>
    public static SymbolInfo Read(NpgsqlDataReader reader, int first) => new(
        reader.GetInt64(first),
        reader.GetInt64(first + 1),
        reader.GetString(first + 2),
        reader.GetString(first + 3),
        reader.GetString(first + 4),
        reader.GetString(first + 5),
        reader.GetString(first + 6),
        reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7),
        reader.IsDBNull(first + 8) ? null : reader.GetInt32(first + 8),
        reader.IsDBNull(first + 9) ? null : reader.GetInt32(first + 9),
        reader.IsDBNull(first + 10) ? null : reader.GetString(first + 10),
        reader.GetBoolean(first + 11),
        reader.GetString(first + 12));

    /// <summary>"file:line" for messages, or "(external)" for symbols without source.</summary>
    public static string Location(SymbolInfo symbol) => symbol.FilePath is null
        ? "(external)"
        : symbol.Line is null ? symbol.FilePath : $"{symbol.FilePath}:{symbol.Line}";

    /// <summary>Reads every row of <paramref name="command"/> as a symbol.</summary>
    public static async Task<IReadOnlyList<SymbolInfo>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var result = new List<SymbolInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(Read(reader));
        }

        return result;
    }
}
