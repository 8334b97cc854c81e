using CodeIndex.Core.Model;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Storage.Writing;

/// <summary>
/// Writes <c>indexed_files</c> and <c>indexed_projects</c> (what the index saw of the tree) in the write session's transaction, by
/// binary COPY: a whole-repository write replaces every row, a document-scoped one the rows of its documents (and of the projects
/// it was given).
/// </summary>
internal static class TreeStateWriter
{
    public static async Task WriteFilesAsync(
        NpgsqlConnection connection, long repositoryId, IReadOnlyCollection<IndexedFile> files, IReadOnlyCollection<string>? scope, CancellationToken cancellationToken)
    {
        await using (var delete = new NpgsqlCommand(
            scope is null
                ? "DELETE FROM indexed_files WHERE repository_id = @repo"
                : "DELETE FROM indexed_files WHERE repository_id = @repo AND file_path = ANY (@files)", connection))
        {
            delete.Parameters.Add(new NpgsqlParameter("repo", NpgsqlDbType.Bigint) { Value = repositoryId });
            if (scope is not null)
            {
                delete.Parameters.Add(new NpgsqlParameter("files", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = scope.ToArray() });
            }

            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (files.Count == 0)
        {
            return;
        }

        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY indexed_files (repository_id, file_path, project, content_hash, shape_hash) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        foreach (var file in files)
        {
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(repositoryId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(file.FilePath, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(file.Project, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(file.ContentHash, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(file.ShapeHash, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task WriteProjectsAsync(
        NpgsqlConnection connection, long repositoryId, IReadOnlyCollection<IndexedProject> projects, bool replaceAll, CancellationToken cancellationToken)
    {
        await using (var delete = new NpgsqlCommand(
            replaceAll
                ? "DELETE FROM indexed_projects WHERE repository_id = @repo"
                : "DELETE FROM indexed_projects WHERE repository_id = @repo AND project_path = ANY (@paths)", connection))
        {
            delete.Parameters.Add(new NpgsqlParameter("repo", NpgsqlDbType.Bigint) { Value = repositoryId });
            if (!replaceAll)
            {
                delete.Parameters.Add(new NpgsqlParameter("paths", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = projects.Select(p => p.ProjectPath).ToArray() });
            }

            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (projects.Count == 0)
        {
            return;
        }

        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY indexed_projects (repository_id, project_path, project, target_framework, input_hash, is_test) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        foreach (var project in projects)
        {
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(repositoryId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(project.ProjectPath, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(project.Project, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            if (project.TargetFramework is null)
            {
                await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await importer.WriteAsync(project.TargetFramework, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }

            await importer.WriteAsync(project.InputHash, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(project.IsTest, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
