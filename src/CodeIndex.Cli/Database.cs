using CodeIndex.Core.Errors;
using CodeIndex.Storage.Connection;
using CodeIndex.Storage.Repositories;
using CodeIndex.Storage.Embedded;
using Npgsql;

namespace CodeIndex.Cli;

/// <summary>The process's one <see cref="NpgsqlDataSource"/> (embedded default or <c>--db</c>) plus repository lookups used by several commands.</summary>
internal sealed class Database : IAsyncDisposable
{
    private Database(NpgsqlDataSource dataSource)
    {
        DataSource = dataSource;
        Repositories = new RepositoryStore(dataSource);
    }

    public NpgsqlDataSource DataSource { get; }
    public RepositoryStore Repositories { get; }

    public static async Task<Database> OpenAsync(CliContext context, CancellationToken cancellationToken)
    {
        // The banner once, when the embedded cluster is created (or with --verbose): every later command would only repeat it.
        if (context.ConnectionString is null && (context.Verbose || !EmbeddedPostgres.Default().IsInitialized))
        {
            context.Output.Info("Using the embedded PostgreSQL database (see 'codeindex db status'; pass --db or set CODEINDEX_DB to use another server).");
        }

        var dataSource = await DatabaseConnector.OpenAsync(context.ConnectionString, context.LoggerFactory, cancellationToken).ConfigureAwait(false);
        return new Database(dataSource);
    }

    /// <summary>null when <paramref name="nameOrPath"/> is null (all repositories); otherwise the repository id or <c>repository_not_found</c>.</summary>
    public static async Task<long?> ResolveRepositoryAsync(Database db, string? nameOrPath, CancellationToken cancellationToken) =>
        nameOrPath is null ? null : (await db.Repositories.ResolveAsync(nameOrPath, cancellationToken).ConfigureAwait(false)).Id;

    /// <summary>Finds the repository a file belongs to (absolute or relative to the current directory, else relative to the repository root) and the file's path relative to that root.</summary>
    public static async Task<(long Id, string Name, string RelativePath)> ResolveRepositoryForFileAsync(
        Database db, string? nameOrPath, string file, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(file);
        if (nameOrPath is not null)
        {
            var repo = await db.Repositories.ResolveAsync(nameOrPath, cancellationToken).ConfigureAwait(false);
            return (repo.Id, repo.Name, Relative(repo.RootPath, full, file));
        }

        var all = await db.Repositories.ListAsync(cancellationToken).ConfigureAwait(false);
        var containing = all.Where(r => IsUnder(full, r.RootPath)).OrderByDescending(r => r.RootPath.Length).FirstOrDefault();
        if (containing is not null)
        {
            return (containing.Id, containing.Name, Relative(containing.RootPath, full, file));
        }

        return all.Count switch
        {
            0 => throw new UserInputException("repository_not_found", "No repository is indexed yet. To fix this, run 'codeindex index <path>' first."),
            1 => (all[0].Id, all[0].Name, file.Replace('\\', '/')),
            _ => throw new UserInputException("repository_ambiguous",
                $"'{file}' is not under any indexed repository root and {all.Count} repositories are indexed ({string.Join(", ", all.Select(r => r.Name))}). Pass --repo <name>."),
        };
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    private static bool IsUnder(string full, string root) =>
        full.Equals(root, StringComparison.Ordinal) || full.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal);

    private static string Relative(string root, string full, string original) =>
        IsUnder(full, root) ? Path.GetRelativePath(root, full).Replace('\\', '/') : original.Replace('\\', '/');
}
