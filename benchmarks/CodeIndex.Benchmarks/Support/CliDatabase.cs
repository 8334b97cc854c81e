using CodeIndex.Cli;

namespace CodeIndex.Benchmarks.Support;

/// <summary>Opens the CLI's <see cref="Database"/> (data source + migrations) for a connection string, exactly as <c>codeindex --db … --quiet</c> would.</summary>
internal static class CliDatabase
{
    public static async Task<(CliContext Context, Database Database)> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var parse = CliApp.BuildRoot().Parse(["repos", "--db", connectionString, "--quiet"]);
        var context = CliContext.From(parse);
        try
        {
            var database = await Database.OpenAsync(context, cancellationToken).ConfigureAwait(false);
            return (context, database);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }
}
