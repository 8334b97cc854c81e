using CodeIndex.Core.Model;
using CodeIndex.Extraction.Records;
using CodeIndex.Loading;
using CodeIndex.Watch.Batching;
using Microsoft.CodeAnalysis;
using Npgsql;

namespace CodeIndex.Watch.Incremental;

/// <summary>
/// Compares what the index saw (<c>indexed_files</c>, <c>indexed_projects</c>) or what the warm workspace holds with the tree, to
/// catch what changed while no daemon ran, events lost on overflow, and branch switches.
/// </summary>
internal static class Reconciler
{
    /// <summary>What a start-up must write: nothing, a set of documents, or the whole repository.</summary>
    public static async Task<StartPlan> PlanStartAsync(NpgsqlDataSource dataSource, long repositoryId, WarmWorkspace workspace, CancellationToken cancellationToken)
    {
        var (indexed, files, projects) = await ReadStoredAsync(dataSource, repositoryId, cancellationToken).ConfigureAwait(false);
        if (!indexed || files.Count == 0)
        {
            return new StartPlan(Full: true, new HashSet<string>(), "not indexed yet (or indexed before file hashes were kept)");
        }

        var current = workspace.Input.ProjectStates();
        var stale = current.Where(p => !projects.TryGetValue(p.ProjectPath, out var stored) || stored != p).Select(p => p.ProjectPath)
            .Concat(projects.Keys.Where(k => current.All(p => p.ProjectPath != k)))
            .ToList();
        if (stale.Count > 0)
        {
            return new StartPlan(Full: true, new HashSet<string>(), $"project inputs changed: {string.Join(", ", stale.Take(5))}");
        }

        var scope = new HashSet<string>(StringComparer.Ordinal);
        var wideProjects = new HashSet<ProjectId>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chosen in workspace.Projects)
        {
            foreach (var id in chosen.Documents)
            {
                if (workspace.Current.GetDocument(id) is not { FilePath: { } path } document)
                {
                    continue;
                }

                var relative = workspace.Relative(path);
                seen.Add(relative);
                var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                if (files.TryGetValue(relative, out var stored) && stored.ContentHash == Convert.ToHexStringLower(text.GetContentHash().AsSpan()))
                {
                    continue;
                }

                scope.Add(relative);
                var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (stored is null || root is null || stored.ShapeHash != DeclarationShape.Compute(root, cancellationToken).Hash)
                {
                    wideProjects.Add(chosen.Project.Id); // the old names are unknown: every document that can see it
                }
            }
        }

        foreach (var gone in files.Keys.Where(k => !seen.Contains(k)))
        {
            scope.Add(gone);
            wideProjects.UnionWith(workspace.Projects.Where(p => p.ProjectName == files[gone].Project).Select(p => p.Project.Id));
        }

        if (wideProjects.Count > 0)
        {
            var graph = workspace.Current.GetProjectDependencyGraph();
            var affected = new HashSet<ProjectId>(wideProjects);
            foreach (var id in wideProjects)
            {
                affected.UnionWith(graph.GetProjectsThatTransitivelyDependOnThisProject(id));
            }

            foreach (var chosen in workspace.Projects.Where(p => affected.Contains(p.Project.Id)))
            {
                foreach (var id in chosen.Documents)
                {
                    if (workspace.Current.GetDocument(id)?.FilePath is { } path)
                    {
                        scope.Add(workspace.Relative(path));
                    }
                }
            }
        }

        return new StartPlan(Full: false, scope, scope.Count == 0 ? "unchanged" : $"{scope.Count} document(s) changed or depend on a change");
    }

    /// <summary>Differences between the tree on disk and the warm workspace, as a batch (lost events, branch switches).</summary>
    public static ChangeBatch DiffTree(WarmWorkspace workspace, ChangeApplier applier, IReadOnlyDictionary<string, string> projectHashes, CancellationToken cancellationToken)
    {
        var batch = new ChangeBatch();
        foreach (var path in workspace.IndexedPaths())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!File.Exists(path))
            {
                batch.SourceFiles.Add(path);
                continue;
            }

            try
            {
                var onDisk = ChangeApplier.Read(path);
                if (workspace.Indexed(path) is { } indexed && indexed.Document.TryGetText(out var text) && text.ContentEquals(onDisk))
                {
                    continue;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
            {
            }

            batch.SourceFiles.Add(path); // changed, or unknown: the applier decides
        }

        foreach (var file in SourceTreeWalker.Find(workspace.RepositoryRoot, [".cs"], cancellationToken))
        {
            if (workspace.Current.GetDocumentIdsWithFilePath(file).IsEmpty && !applier.IsKnownNotCompiled(file))
            {
                batch.SourceFiles.Add(file);
            }
        }

        foreach (var (project, hash) in projectHashes)
        {
            var full = Path.Combine(workspace.RepositoryRoot, project);
            if (!File.Exists(full) || ProjectInputs.Hash(full, workspace.RepositoryRoot) != hash)
            {
                batch.ProjectFiles.Add(full);
            }
        }

        return batch;
    }

    private static async Task<(bool Indexed, Dictionary<string, IndexedFile> Files, Dictionary<string, IndexedProject> Projects)> ReadStoredAsync(
        NpgsqlDataSource dataSource, long repositoryId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        bool indexed;
        await using (var command = new NpgsqlCommand("SELECT indexed_at IS NOT NULL FROM repositories WHERE id = $1", connection))
        {
            command.Parameters.AddWithValue(repositoryId);
            indexed = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
        }

        var files = new Dictionary<string, IndexedFile>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("SELECT file_path, project, content_hash, shape_hash FROM indexed_files WHERE repository_id = $1", connection))
        {
            command.Parameters.AddWithValue(repositoryId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                files[reader.GetString(0)] = new IndexedFile(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
            }
        }

        var projects = new Dictionary<string, IndexedProject>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("SELECT project_path, project, target_framework, input_hash, is_test FROM indexed_projects WHERE repository_id = $1", connection))
        {
            command.Parameters.AddWithValue(repositoryId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                projects[reader.GetString(0)] = new IndexedProject(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), reader.GetBoolean(4));
            }
        }

        return (indexed, files, projects);
    }
}

/// <summary>What start-up writes: the whole repository, or the documents in <paramref name="Scope"/> (empty = nothing).</summary>
internal sealed record StartPlan(bool Full, IReadOnlySet<string> Scope, string Reason);
