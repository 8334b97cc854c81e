using System.Diagnostics;
using CodeIndex.Embeddings;
using CodeIndex.Extraction;
using CodeIndex.Loading;
using CodeIndex.Storage.Repositories;
using CodeIndex.Storage.Writing;
using CodeIndex.Vectors.Pipeline;
using Npgsql;

namespace CodeIndex.SearchEval;

/// <summary>Indexes the repository with the real stages (load → extract → write, no restore, as <c>codeindex index --no-restore</c>) and embeds it with the real model.</summary>
internal static class RepositoryIndexer
{
    /// <summary>Returns the repository id; indexes and embeds unless <paramref name="skipIndex"/> (then the repository must already be there).</summary>
    public static async Task<long> PrepareAsync(string root, NpgsqlDataSource db, ITextEmbedder embedder, bool skipIndex, CancellationToken cancellationToken)
    {
        var repositories = new RepositoryStore(db);
        if (skipIndex)
        {
            var existing = await repositories.ResolveAsync(root, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Reusing repository {existing.Name} (id {existing.Id}).");
            return existing.Id;
        }

        var solution = Path.Combine(root, "CodeIndex.sln");
        var clock = Stopwatch.StartNew();
        using var loaded = await new WorkspaceLoader().LoadAsync(new LoadOptions(File.Exists(solution) ? solution : root, Restore: false), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var repository = await repositories.GetOrCreateAsync(loaded.RepositoryRoot, cancellationToken).ConfigureAwait(false);
        await using (var session = await new SymbolWriter(db).BeginAsync(repository.Id, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var targets = loaded.Projects.Select(p => new ExtractionTarget(p.Project, p.ProjectName, p.Documents)).ToList();
            await foreach (var batch in new SymbolExtractor(loaded.RepositoryRoot).ExtractAsync(targets, cancellationToken).ConfigureAwait(false))
            {
                await session.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            }

            var commit = await session.CommitAsync("{}", cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Indexed {loaded.Projects.Count} projects, {commit.SymbolsWritten} symbols in {clock.Elapsed.TotalSeconds:F0} s.");
        }

        clock.Restart();
        var run = await new EmbeddingPipeline(db, embedder).RunAsync(repository.Id, cancellationToken: cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"Embedded {run.Embedded} texts in {clock.Elapsed.TotalSeconds:F0} s ({run.TextsPerSecond:F0} texts/s); {run.Pending} pending.");
        return repository.Id;
    }
}
