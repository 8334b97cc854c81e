using CodeIndex.Core.Errors;
using Npgsql;

namespace CodeIndex.Query;

/// <summary>Answers <c>at &lt;file&gt;:&lt;line&gt;</c>: symbols declared around that line, then symbols referenced on it.</summary>
/// <remarks>
/// Declared: every symbol with a declaration span (any <c>symbol_locations</c> row, or the span on <c>code_symbols</c>)
/// in that file containing the line, innermost (shortest span) first. Referenced: targets of relationships with a
/// <c>relationship_sites</c> row on exactly that line (except <c>contains</c>), in column order. A symbol both
/// declared and referenced there is listed once, as declared. The file is matched exactly after normalising
/// <c>\</c> to <c>/</c> and dropping a leading <c>./</c>.
/// </remarks>
public sealed class LocationQuery(NpgsqlDataSource db)
{
    private const string Sql = $"""
        WITH declared AS (
            SELECT d.symbol_id, min(d.span) AS span, max(d.column_number) AS col
            FROM (SELECT l.symbol_id, l.end_line - l.line_number AS span, l.column_number
                  FROM symbol_locations l
                  WHERE l.file_path = @file AND l.line_number <= @line AND l.end_line >= @line
                  UNION ALL
                  SELECT c.id, c.end_line - c.line_number, coalesce(c.column_number, 0)
                  FROM code_symbols c
                  WHERE c.repository_id = @repo AND c.file_path = @file AND c.line_number <= @line AND c.end_line >= @line) d
            GROUP BY d.symbol_id
        ),
        referenced AS (
            SELECT r.target_id AS symbol_id, min(rs.column_number) AS col
            FROM relationship_sites rs
            JOIN symbol_relationships r ON r.id = rs.relationship_id
            WHERE rs.file_path = @file AND rs.line_number = @line
              AND r.repository_id = @repo AND r.relationship_type <> 'contains'
              AND r.target_id NOT IN (SELECT symbol_id FROM declared)
            GROUP BY r.target_id
        ),
        hits AS (
            SELECT symbol_id, 0 AS section, span, -col AS col FROM declared
            UNION ALL
            SELECT symbol_id, 1, 0, col FROM referenced
        )
        SELECT {SymbolRow.Columns}
        FROM hits h
        JOIN code_symbols s ON s.id = h.symbol_id
        WHERE s.repository_id = @repo
        ORDER BY h.section, h.span, h.col, s.qualified_name, s.id
        """;

    /// <summary>Symbols declared at, then referenced on, <paramref name="relativeFile"/>:<paramref name="line"/> (1-based).</summary>
    public async Task<IReadOnlyList<SymbolInfo>> AtAsync(long repositoryId, string relativeFile, int line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relativeFile);
        if (line < 1)
        {
            throw new UserInputException("invalid_location", $"Line numbers start at 1 (got {line}). Use `at <file>:<line>`.");
        }

        var file = Normalize(relativeFile);
        if (file.Length == 0)
        {
            throw new UserInputException("invalid_location", "No file given. Use `at <file>:<line>` with a path relative to the repository root.");
        }

        await using var command = db.CreateCommand(Sql);
        command.Parameters.Add(SqlParameters.Bigint("repo", repositoryId));
        command.Parameters.Add(SqlParameters.Text("file", file));
        command.Parameters.Add(SqlParameters.Integer("line", line));
        return await SymbolRow.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    internal static string Normalize(string relativeFile)
    {
        var file = relativeFile.Trim().Replace('\\', '/');
        while (file.StartsWith("./", StringComparison.Ordinal))
        {
            file = file[2..];
        }

        return file;
    }
}
