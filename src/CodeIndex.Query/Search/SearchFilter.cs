using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Query;

/// <summary>The filters of a <see cref="SearchRequest"/> as one SQL condition on <c>code_symbols s</c> and its typed parameters.</summary>
/// <remarks>Members of anonymous types (qualified names like <c>&lt;anonymous type: …&gt;.files</c>) are never search results: nobody can ask for them by name.</remarks>
internal static class SearchFilter
{
    public const string Sql = """
        (@repo IS NULL OR s.repository_id = @repo)
        AND (@kinds IS NULL OR s.kind = ANY (@kinds))
        AND (@project IS NULL OR s.project = @project)
        AND (@path IS NULL OR starts_with(s.file_path, @path))
        AND NOT starts_with(s.qualified_name, '<')
        """;

    public static void Bind(NpgsqlCommand command, SearchRequest request) => Bind(command.Parameters, request);

    public static void Bind(NpgsqlParameterCollection parameters, SearchRequest request)
    {
        parameters.Add(SqlParameters.Bigint("repo", request.RepositoryId));
        parameters.Add(new NpgsqlParameter("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = (object?)Kinds(request) ?? DBNull.Value,
        });
        parameters.Add(new NpgsqlParameter("project", NpgsqlDbType.Text) { Value = (object?)request.Project ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("path", NpgsqlDbType.Text) { Value = (object?)NormalizePath(request.PathPrefix) ?? DBNull.Value });
    }

    /// <summary>The kinds to keep, trimmed and lowercase (as stored); null = all.</summary>
    public static string[]? Kinds(SearchRequest request) =>
        request.Kinds is { Count: > 0 } kinds ? kinds.Select(k => k.Trim().ToLowerInvariant()).ToArray() : null;

    /// <summary>'\' → '/', leading "./" dropped; null when nothing is left.</summary>
    public static string? NormalizePath(string? prefix)
    {
        if (prefix is null)
        {
            return null;
        }

        var path = LocationQuery.Normalize(prefix);
        return path.Length == 0 ? null : path;
    }
}
