using CodeIndex.Benchmarks.Support;
using CodeIndex.Cli.Pipeline;

namespace CodeIndex.Benchmarks.Indexing;

/// <summary>One run of the real <see cref="IndexPipeline"/> (no restore) against a given database.</summary>
internal static class PipelineRun
{
    public static async Task<IndexSummary> RunAsync(string inputPath, string connectionString, CancellationToken cancellationToken)
    {
        var (context, database) = await CliDatabase.OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
        using (context)
        await using (database)
        {
            var request = new IndexRequest(Path.GetFullPath(inputPath), Framework: null, Restore: false, NoWait: false);
            return await new IndexPipeline(database, context.LoggerFactory).RunAsync(request, progress: null, cancellationToken).ConfigureAwait(false);
        }
    }
}
