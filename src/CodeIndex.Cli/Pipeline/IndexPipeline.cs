using System.Diagnostics;
using System.Text.Json;
using CodeIndex.Core.Errors;
using CodeIndex.Loading;
using CodeIndex.Watch.Indexing;
using Microsoft.Extensions.Logging;

namespace CodeIndex.Cli.Pipeline;

/// <summary>Runs load → extract → write for one input (the write is <see cref="GraphIndexer"/>'s, shared with the watch).</summary>
internal sealed class IndexPipeline(Database database, ILoggerFactory loggerFactory)
{
    private const int ChannelCapacity = 64;

    public async Task<IndexSummary> RunAsync(IndexRequest request, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var databaseTime = TimeSpan.Zero; // the caller opened the database; measured there

        progress?.Report("loading projects");
        using var loaded = await new WorkspaceLoader(loggerFactory.CreateLogger<WorkspaceLoader>())
            .LoadAsync(new LoadOptions(request.InputPath, request.Framework, request.Restore, request.MaxFileBytes), progress, cancellationToken)
            .ConfigureAwait(false);
        var loadTime = total.Elapsed;

        var documentCount = loaded.Projects.Sum(p => p.Documents.Count);
        if (documentCount == 0)
        {
            throw new OperationFailedException("nothing_indexed",
                $"No C# source file could be indexed from '{request.InputPath}'. {DescribeDiagnostics(loaded.Diagnostics)}");
        }

        var repository = await database.Repositories.GetOrCreateAsync(loaded.RepositoryRoot, cancellationToken).ConfigureAwait(false);
        var input = IndexInput.From(loaded);
        var loadErrors = loaded.Diagnostics.Where(d => d.Severity == LoadDiagnostic.Error).Sum(d => d.Count);
        var loadWarnings = loaded.Diagnostics.Where(d => d.Severity == LoadDiagnostic.Warning).Sum(d => d.Count);
        var scope = await ProjectScopeAsync(repository.Id, loaded.InputPath, input, cancellationToken).ConfigureAwait(false);
        var extractClock = Stopwatch.StartNew();
        var written = await new GraphIndexer(database.DataSource, loggerFactory).WriteAsync(
            repository.Id, input, scope, input.ProjectStates(), request.NoWait,
            stats => JsonSerializer.Serialize(new
            {
                projects = loaded.Projects.Select(p => p.ProjectName).Distinct(StringComparer.Ordinal).Count(),
                documents = stats.Documents,
                skippedDocuments = stats.SkippedDocuments.Count,
                loadErrors,
                loadWarnings,
                compileErrors = loaded.Projects.Sum(p => p.CompileErrorCount),
                loadSeconds = loadTime.TotalSeconds,
                extractSeconds = extractClock.Elapsed.TotalSeconds,
            }),
            progress, cancellationToken).ConfigureAwait(false);
        var commit = written.Commit;
        var extractTime = written.ExtractTime;
        total.Stop();

        return new IndexSummary(
            repository.Id,
            repository.Name,
            repository.RootPath,
            loaded.Projects.Select(p => p.ProjectName).Distinct(StringComparer.Ordinal).Count(),
            written.Documents,
            written.Skipped.Count,
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
            written.Skipped.Select(s => $"{s.FilePath ?? "(unknown)"}: {s.Reason}").ToList(),
            new PhaseTimes(
                databaseTime,
                loaded.RestoreTime,
                loadTime,
                extractTime,
                written.BindTime,
                written.WalkTime,
                commit.CopyTime,
                commit.MergeTime,
                total.Elapsed),
            commit.CopyRowsPerSecond)
        {
            Replaced = scope is null ? "repository" : $"projects {string.Join(", ", loaded.Projects.Select(p => p.ProjectName).Distinct(StringComparer.Ordinal))} ({scope.Count} documents)",
        };
    }

    /// <summary>
    /// What an input replaces: a solution, a folder or loose files replace the whole repository; a single project file of a
    /// repository already indexed with other projects replaces only that project's documents (and those of the projects it loads
    /// as references), through the document-scoped write, so the rest of the repository stays. Null = the whole repository.
    /// </summary>
    private async Task<IReadOnlyCollection<string>?> ProjectScopeAsync(long repositoryId, string inputPath, IndexInput input, CancellationToken cancellationToken)
    {
        if (!inputPath.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var loaded = input.ProjectStates();
        await using var command = database.DataSource.CreateCommand("""
            SELECT (SELECT count(*) FROM indexed_projects WHERE repository_id = $1 AND NOT (project_path = ANY ($2))),
                   ARRAY(SELECT file_path FROM indexed_files WHERE repository_id = $1 AND project = ANY ($3))
            """);
        command.Parameters.AddWithValue(repositoryId);
        command.Parameters.AddWithValue(loaded.Select(p => p.ProjectPath).ToArray());
        command.Parameters.AddWithValue(loaded.Select(p => p.Project).Distinct(StringComparer.Ordinal).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (reader.GetInt64(0) == 0)
        {
            return null; // nothing else is indexed: the project is the repository
        }

        var scope = new HashSet<string>(reader.GetFieldValue<string[]>(1), StringComparer.Ordinal);
        foreach (var project in input.Projects)
        {
            foreach (var id in project.Documents)
            {
                if (input.Solution.GetDocument(id)?.FilePath is { } path)
                {
                    scope.Add(input.Relative(path));
                }
            }
        }

        return scope.Count == 0 ? null : scope;
    }

    private static string DescribeDiagnostics(IReadOnlyList<LoadDiagnostic> diagnostics) =>
        diagnostics.Count == 0
            ? "To fix this, check that the path holds C# projects or .cs files."
            : "Load problems: " + string.Join("; ", diagnostics.Take(5).Select(d => d.ToString()));
}
