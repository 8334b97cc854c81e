using CodeIndex.Core.Errors;
using Npgsql;

namespace CodeIndex.Query;

/// <summary>Answers <c>symbols &lt;pattern&gt;</c>: exact matches first, then prefix matches, then substring matches.</summary>
/// <remarks>
/// Matching is case-insensitive on the short name or the qualified name. The pattern is literal text: % _ and \ are
/// escaped, so <c>get_%</c> finds names containing "get_%". Substring matching uses the trigram indexes on
/// <c>lower(name)</c>/<c>lower(qualified_name)</c> (patterns of 3+ characters). Within a rank: source symbols before
/// external ones, then shorter names, then qualified name.
/// </remarks>
public sealed class SymbolSearch(NpgsqlDataSource db)
{
    private const string Sql = $"""
        SELECT {SymbolRow.Columns}
        FROM code_symbols s
        WHERE (lower(s.name) LIKE '%' || lower(@escaped) || '%' ESCAPE '\'
               OR lower(s.qualified_name) LIKE '%' || lower(@escaped) || '%' ESCAPE '\')
          AND (@repo IS NULL OR s.repository_id = @repo)
        ORDER BY CASE WHEN lower(s.name) = lower(@pattern) OR lower(s.qualified_name) = lower(@pattern) THEN 0
                      WHEN lower(s.name) LIKE lower(@escaped) || '%' ESCAPE '\'
                           OR lower(s.qualified_name) LIKE lower(@escaped) || '%' ESCAPE '\' THEN 1
                      ELSE 2 END,
                 s.is_external, length(s.name), s.qualified_name, s.id
        LIMIT @limit
        """;

    /// <summary>Finds up to <paramref name="limit"/> symbols matching <paramref name="pattern"/>, best first.</summary>
    public async Task<IReadOnlyList<SymbolInfo>> FindAsync(string pattern, long? repositoryId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var trimmed = pattern.Trim();
        if (trimmed.Length == 0)
        {
            throw new UserInputException("invalid_pattern", "The search pattern is empty. Pass part of a symbol name, e.g. `symbols Repository`.");
        }

        if (limit < 1)
        {
            throw new UserInputException("invalid_limit", $"Limit must be at least 1 (got {limit}).");
        }

        await using var command = db.CreateCommand(Sql);
        command.Parameters.Add(SqlParameters.Text("pattern", trimmed));
        command.Parameters.Add(SqlParameters.Text("escaped", LikePattern.Escape(trimmed)));
        command.Parameters.Add(SqlParameters.Bigint("repo", repositoryId));
        command.Parameters.Add(SqlParameters.Integer("limit", limit));
        return await SymbolRow.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }
}
