using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using CodeIndex.Core.Errors;
using CodeIndex.Core.Model;
using CodeIndex.Extraction;
using CodeIndex.Loading;
using CodeIndex.Storage.Writing;
using Microsoft.Extensions.Logging;

namespace CodeIndex.Cli.Pipeline;

/// <summary>Runs load → extract → write for one input: extraction streams batches through a bounded channel into one atomic write session.</summary>
internal sealed class IndexPipeline(Database database, ILoggerFactory loggerFactory)
{
    private const int ChannelCapacity = 64;

    public async Task<IndexSummary> RunAsync(IndexRequest request, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var databaseTime = TimeSpan.Zero; // the caller opened the database; measured there

        progress?.Report("loading projects");
        using var loaded = await new WorkspaceLoader(loggerFactory.CreateLogger<WorkspaceLoader>())
            .LoadAsync(new LoadOptions(request.InputPath, request.Framework, request.Restore), progress, cancellationToken)
            .ConfigureAwait(false);
        var loadTime = total.Elapsed;

        var documentCount = loaded.Projects.Sum(p => p.Documents.Count);
        if (documentCount == 0)
        {
            throw new OperationFailedException("nothing_indexed",
                $"No C# source file could be indexed from '{request.InputPath}'. {DescribeDiagnostics(loaded.Diagnostics)}");
        }

        var repository = await database.Repositories.GetOrCreateAsync(loaded.RepositoryRoot, cancellationToken).ConfigureAwait(false);
        var writer = new SymbolWriter(database.DataSource, loggerFactory.CreateLogger<SymbolWriter>());
        await using var session = await writer.BeginAsync(repository.Id, new IndexWriteOptions(NoWait: request.NoWait), cancellationToken)
            .ConfigureAwait(false);

        var extractor = new SymbolExtractor(loaded.RepositoryRoot, loggerFactory.CreateLogger<SymbolExtractor>());
        var targets = loaded.Projects.Select(p => new ExtractionTarget(p.Project, p.ProjectName, p.Documents)).ToList();
        var extractClock = Stopwatch.StartNew();
        await PumpAsync(extractor.ExtractAsync(targets, cancellationToken), session, documentCount, progress, cancellationToken).ConfigureAwait(false);
        var extractTime = extractClock.Elapsed;

        var stats = extractor.Stats;
        var loadErrors = loaded.Diagnostics.Where(d => d.Severity == LoadDiagnostic.Error).Sum(d => d.Count);
        var loadWarnings = loaded.Diagnostics.Where(d => d.Severity == LoadDiagnostic.Warning).Sum(d => d.Count);
        var statsJson = JsonSerializer.Serialize(new
        {
            projects = loaded.Projects.Select(p => p.ProjectName).Distinct(StringComparer.Ordinal).Count(),
            documents = stats.Documents,
            skippedDocuments = stats.SkippedDocuments.Count,
            loadErrors,
            loadWarnings,
            compileErrors = loaded.Projects.Sum(p => p.CompileErrorCount),
            loadSeconds = loadTime.TotalSeconds,
            extractSeconds = extractTime.TotalSeconds,
        });

        progress?.Report("committing");
        var commit = await session.CommitAsync(statsJson, cancellationToken).ConfigureAwait(false);
        total.Stop();

        return new IndexSummary(
            repository.Id,
            repository.Name,
            repository.RootPath,
            loaded.Projects.Select(p => p.ProjectName).Distinct(StringComparer.Ordinal).Count(),
            stats.Documents,
            stats.SkippedDocuments.Count,
            commit.SymbolsWritten,
            commit.SymbolsInserted,
            commit.SymbolsUpdated,
            commit.SymbolsDeleted,
            commit.Relationships,
            commit.DroppedEdges,
            loadErrors,
            loadWarnings,
            loaded.Projects.Sum(p => p.CompileErrorCount),
            loaded.Diagnostics,
            stats.SkippedDocuments.Select(s => $"{s.FilePath ?? "(unknown)"}: {s.Reason}").ToList(),
            new PhaseTimes(
                databaseTime,
                loaded.RestoreTime,
                loadTime,
                extractTime,
                stats.BindingTime,
                stats.WalkingTime,
                commit.CopyTime,
                commit.MergeTime,
                total.Elapsed),
            commit.CopyRowsPerSecond);
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

    private static string DescribeDiagnostics(IReadOnlyList<LoadDiagnostic> diagnostics) =>
        diagnostics.Count == 0
            ? "To fix this, check that the path holds C# projects or .cs files."
            : "Load problems: " + string.Join("; ", diagnostics.Take(5).Select(d => d.ToString()));
}
