using CodeIndex.Core.Errors;
using CodeIndex.Core.Model;
using Npgsql;

namespace CodeIndex.Query;

/// <summary>Turns a command-line symbol argument (symbol key, qualified name or short name) into exactly one symbol.</summary>
/// <remarks>
/// Tiers, first non-empty tier wins: a handle (<c>symbol_key@assembly_name</c>, <see cref="SymbolInfo.Handle"/>); exact <c>symbol_key</c>; case-insensitive qualified name; case-insensitive short name.
/// Within the winning tier, source symbols are preferred: external (metadata-only) symbols count only when no source
/// symbol matches, so <c>ToString</c> means your override rather than <c>System.Object.ToString</c>.
/// Several matches are ambiguous and listed — except an overload group (<see cref="ResolveGroupAsync"/>): members of one kind
/// with one qualified name in one assembly of one repository. None gives the nearest names by trigram similarity.
/// </remarks>
public sealed class SymbolResolver(NpgsqlDataSource db)
{
    private const int MaxListed = 20;
    private const int MaxSuggestions = 5;

    // One round trip: every candidate with its tier; counts per (tier, is_external) are taken before the LIMIT.
    private const string CandidatesSql = $"""
        SELECT {SymbolRow.Columns}, m.tier, count(*) OVER (PARTITION BY m.tier, s.is_external) AS tier_count
        FROM code_symbols s
        CROSS JOIN LATERAL (SELECT CASE WHEN s.symbol_key = @hkey AND s.assembly_name = @hasm THEN 0
                                        WHEN s.symbol_key = @arg THEN 1
                                        WHEN lower(s.qualified_name) = lower(@arg) THEN 2
                                        ELSE 3 END AS tier) m
        WHERE ((s.symbol_key = @hkey AND s.assembly_name = @hasm) OR s.symbol_key = @arg OR lower(s.qualified_name) = lower(@arg) OR lower(s.name) = lower(@arg))
          AND (@repo IS NULL OR s.repository_id = @repo)
        ORDER BY m.tier, s.is_external, s.qualified_name, s.id
        LIMIT 500
        """;

    private const string NearestSql = """
        SELECT n.qualified_name
        FROM (SELECT s.qualified_name,
                     greatest(similarity(lower(s.name), lower(@arg)), similarity(lower(s.qualified_name), lower(@arg))) AS score
              FROM code_symbols s
              WHERE (lower(s.name) % lower(@arg) OR lower(s.qualified_name) % lower(@arg))
                AND (@repo IS NULL OR s.repository_id = @repo)) n
        GROUP BY n.qualified_name
        ORDER BY max(n.score) DESC, n.qualified_name
        LIMIT @n
        """;

    /// <summary>Resolves <paramref name="argument"/> to exactly one symbol, scoped to <paramref name="repositoryId"/> when given.</summary>
    /// <exception cref="UserInputException"><c>symbol_not_found</c> or <c>symbol_ambiguous</c> (exit code 2); an overload group is ambiguous here.</exception>
    public async Task<SymbolInfo> ResolveAsync(string argument, long? repositoryId, CancellationToken cancellationToken = default)
    {
        var (trimmed, group) = await WinningGroupAsync(argument, repositoryId, cancellationToken).ConfigureAwait(false);
        return group.Count == 1 ? group[0].Symbol : throw Ambiguous(trimmed, group);
    }

    /// <summary>
    /// Resolves <paramref name="argument"/> to one symbol or to a whole overload group (<c>Parse</c> naming every overload of one
    /// method: same kind, qualified name, assembly and repository), ordered by symbol key.
    /// </summary>
    /// <exception cref="UserInputException"><c>symbol_not_found</c>, or <c>symbol_ambiguous</c> when the matches are different members (two types' <c>Parse</c>).</exception>
    public async Task<IReadOnlyList<SymbolInfo>> ResolveGroupAsync(string argument, long? repositoryId, CancellationToken cancellationToken = default)
    {
        var (trimmed, group) = await WinningGroupAsync(argument, repositoryId, cancellationToken).ConfigureAwait(false);
        if (group.Count == 1)
        {
            return [group[0].Symbol];
        }

        var first = group[0];
        var overloads = group.Count == first.GroupCount && !SymbolKinds.IsType(first.Symbol.Kind) && first.Symbol.Kind != SymbolKinds.Namespace
            && group.All(c => c.Symbol.Kind == first.Symbol.Kind && c.Symbol.QualifiedName == first.Symbol.QualifiedName
                && c.Assembly == first.Assembly && c.Symbol.RepositoryId == first.Symbol.RepositoryId);
        return overloads
            ? [.. group.Select(c => c.Symbol).OrderBy(s => s.SymbolKey, StringComparer.Ordinal)]
            : throw Ambiguous(trimmed, group);
    }

    private async Task<(string Trimmed, List<Candidate> Group)> WinningGroupAsync(string argument, long? repositoryId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(argument);
        var trimmed = argument.Trim();
        if (trimmed.Length == 0)
        {
            throw new UserInputException("symbol_not_found", "No symbol given. Pass a symbol key, a qualified name or a short name.");
        }

        var candidates = await LoadCandidatesAsync(trimmed, repositoryId, cancellationToken).ConfigureAwait(false);
        if (candidates.Count == 0)
        {
            var nearest = await NearestNamesAsync(trimmed, repositoryId, cancellationToken).ConfigureAwait(false);
            var hint = nearest.Count == 0 ? " No similar names either; check the repository is indexed." : $" Nearest names: {string.Join(", ", nearest)}.";
            throw new UserInputException("symbol_not_found", $"No symbol matches '{trimmed}'.{hint}")
            {
                Details = new Dictionary<string, object?>(StringComparer.Ordinal) { ["nearest"] = nearest },
            };
        }

        // Rows are ordered by tier, then source before external: the first row names the winning group.
        var best = candidates[0];
        return (trimmed, candidates.Where(c => c.Tier == best.Tier && c.Symbol.IsExternal == best.Symbol.IsExternal).ToList());
    }

    private static UserInputException Ambiguous(string trimmed, List<Candidate> group)
    {
        var count = group[0].GroupCount;
        var listed = string.Join(Environment.NewLine, group.Take(MaxListed).Select(c => $"  {c.Symbol.SymbolKey}  {SymbolRow.Location(c.Symbol)}"));
        var more = count > MaxListed ? $"{Environment.NewLine}  … and {count - MaxListed} more" : "";
        return new UserInputException(
            "symbol_ambiguous",
            $"'{trimmed}' matches {count} symbols:{Environment.NewLine}{listed}{more}{Environment.NewLine}Pass a qualified name, a symbol key or a handle (key@assembly).")
        {
            Details = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["count"] = count,
                ["candidates"] = group.Take(MaxListed).Select(c => c.Symbol).ToList(),
            },
        };
    }

    private async Task<List<Candidate>> LoadCandidatesAsync(string argument, long? repositoryId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(CandidatesSql);
        command.Parameters.Add(SqlParameters.Text("arg", argument));
        var isHandle = SymbolHandle.TryParse(argument, out var key, out var assembly);
        command.Parameters.Add(SqlParameters.Text("hkey", isHandle ? key : null));
        command.Parameters.Add(SqlParameters.Text("hasm", isHandle ? assembly : null));
        command.Parameters.Add(SqlParameters.Bigint("repo", repositoryId));
        var result = new List<Candidate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var symbol = SymbolRow.Read(reader);
            result.Add(new Candidate(symbol, reader.GetInt32(SymbolRow.Count), reader.GetInt64(SymbolRow.Count + 1), symbol.AssemblyName));
        }

        return result;
    }

    private async Task<IReadOnlyList<string>> NearestNamesAsync(string argument, long? repositoryId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(NearestSql);
        command.Parameters.Add(SqlParameters.Text("arg", argument));
        command.Parameters.Add(SqlParameters.Bigint("repo", repositoryId));
        command.Parameters.Add(SqlParameters.Integer("n", MaxSuggestions));
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private sealed record Candidate(SymbolInfo Symbol, int Tier, long GroupCount, string Assembly);
}
