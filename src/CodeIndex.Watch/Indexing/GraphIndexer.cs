using System.Diagnostics;
using System.Threading.Channels;
using CodeIndex.Core.Model;
using CodeIndex.Extraction;
using CodeIndex.Storage.Writing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CodeIndex.Watch.Indexing;

/// <summary>
/// Extract → write for one repository, shared by <c>index</c> and the watch: the whole repository (every chosen document, the
/// whole-repository merge) or a scope of documents (only those are extracted, and the document-scoped replace keeps every other
/// document's rows). Extraction streams batches through a bounded channel into one atomic write session.
/// </summary>
public sealed class GraphIndexer(NpgsqlDataSource dataSource, ILoggerFactory loggerFactory)
{
    private const int ChannelCapacity = 64;

    /// <summary>Writes the repository's graph from <paramref name="input"/>.</summary>
    /// <param name="scope">Repository-relative paths of the documents to replace (deleted ones included: their rows go); null = the whole repository.</param>
    /// <param name="projects">Rows of <c>indexed_projects</c> to write (all of them for a whole-repository write); null leaves them.</param>
    /// <param name="statsJson">For a whole-repository write, the run's statistics stored on the repository row.</param>
    public async Task<GraphWriteResult> WriteAsync(
        long repositoryId,
        IndexInput input,
        IReadOnlyCollection<string>? scope,
        IReadOnlyList<IndexedProject>? projects,
        bool noWait,
        Func<ExtractionStats, string?>? statsJson,
        IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var writer = new SymbolWriter(dataSource, loggerFactory.CreateLogger<SymbolWriter>());
        await using var session = await writer.BeginAsync(repositoryId, new IndexWriteOptions(NoWait: noWait, Documents: scope), cancellationToken)
            .ConfigureAwait(false);
        if (projects is not null)
        {
            session.SetProjects(projects);
        }

        var targets = Targets(input, scope);
        var documentCount = targets.Sum(t => t.Documents.Count);
        var extractor = new SymbolExtractor(input.RepositoryRoot, loggerFactory.CreateLogger<SymbolExtractor>());
        var all = scope is null ? null : ProjectsByAssembly(input);
        var stored = scope is null ? null : await StoredImplicitAsync(repositoryId, scope, cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        await PumpAsync(extractor.ExtractAsync(targets, all, stored, cancellationToken), session, documentCount, progress, cancellationToken).ConfigureAwait(false);
        var extractTime = clock.Elapsed;

        progress?.Report("committing");
        var commit = await session.CommitAsync(statsJson?.Invoke(extractor.Stats), cancellationToken).ConfigureAwait(false);
        var stats = extractor.Stats;
        return new GraphWriteResult(commit, stats.Documents, stats.SkippedDocuments, extractTime, stats.BindingTime, stats.WalkingTime);
    }

    /// <summary>The extraction targets: every chosen document, or those of <paramref name="scope"/> that exist in the snapshot.</summary>
    internal static List<ExtractionTarget> Targets(IndexInput input, IReadOnlyCollection<string>? scope)
    {
        var inScope = scope is null ? null : new HashSet<string>(scope, StringComparer.Ordinal);
        var targets = new List<ExtractionTarget>();
        foreach (var chosen in input.Projects)
        {
            var project = input.Solution.GetProject(chosen.Project.Id);
            if (project is null)
            {
                continue;
            }

            var documents = inScope is null
                ? chosen.Documents.Where(id => project.ContainsDocument(id)).ToList()
                : chosen.Documents.Where(id => project.GetDocument(id)?.FilePath is { } path && inScope.Contains(input.Relative(path))).ToList();
            if (inScope is null || documents.Count > 0)
            {
                targets.Add(new ExtractionTarget(project, chosen.ProjectName, documents));
            }
        }

        return targets;
    }

    /// <summary>Compiler-implicit symbols stored with a location in the scope: the scoped run re-emits those that still exist (their
    /// locations follow their type's declarations, which the scope may have changed) even if no extracted document reaches them.</summary>
    private async Task<List<SymbolRef>> StoredImplicitAsync(long repositoryId, IReadOnlyCollection<string> scope, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT DISTINCT c.assembly_name, c.symbol_key FROM code_symbols c JOIN symbol_locations l ON l.symbol_id = c.id
            WHERE c.repository_id = $1 AND c.is_implicit AND l.file_path = ANY ($2)
            """);
        command.Parameters.AddWithValue(repositoryId);
        command.Parameters.AddWithValue(scope.ToArray());
        var result = new List<SymbolRef>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new SymbolRef(reader.GetString(0), reader.GetString(1)));
        }

        return result;
    }

    private static Dictionary<string, string> ProjectsByAssembly(IndexInput input)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var project in input.Projects)
        {
            result.TryAdd(project.AssemblyName, project.ProjectName);
        }

        return result;
    }

    /// <summary>Extraction produces while the write session COPYs: a bounded channel keeps memory flat and overlaps CPU with I/O.</summary>
    private static async Task PumpAsync(
        IAsyncEnumerable<ExtractionBatch> batches,
        IndexWriteSession session,
        int documentCount,
        IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<ExtractionBatch>(new BoundedChannelOptions(ChannelCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var consumer = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in channel.Reader.ReadAllAsync(linked.Token).ConfigureAwait(false))
                {
                    await session.WriteAsync(batch, linked.Token).ConfigureAwait(false);
                }
            }
            catch
            {
                // Unblock the producer (it may wait on a full channel); the real error is rethrown below.
                await linked.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }, CancellationToken.None);

        var done = 0;
        try
        {
            await foreach (var batch in batches.WithCancellation(linked.Token).ConfigureAwait(false))
            {
                await channel.Writer.WriteAsync(batch, linked.Token).ConfigureAwait(false);
                if (batch.FilePath is not null && ++done % 25 == 0)
                {
                    progress?.Report($"extracting {done}/{documentCount} documents");
                }
            }

            channel.Writer.Complete();
        }
        catch (Exception ex)
        {
            channel.Writer.TryComplete(ex);
            await linked.CancelAsync().ConfigureAwait(false);
            try
            {
                await consumer.ConfigureAwait(false);
            }
            catch (Exception consumerError) when (consumerError is not OperationCanceledException)
            {
                // The writer failed first (e.g. the database went away): that is the error to report.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(consumerError);
            }
            catch (OperationCanceledException)
            {
                // Expected: we cancelled the consumer.
            }

            throw;
        }

        await consumer.ConfigureAwait(false);
    }
}
