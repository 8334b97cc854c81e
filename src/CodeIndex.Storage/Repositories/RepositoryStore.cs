using CodeIndex.Core.Errors;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Storage.Repositories;

/// <summary>Creates, finds, lists and removes rows of <c>repositories</c> (removal cascades to symbols and relationships).</summary>
public sealed class RepositoryStore(NpgsqlDataSource dataSource)
{
    private const string SelectColumns = """
        SELECT r.id, r.name, r.root_path, r.created_at, r.indexed_at,
               (SELECT count(*) FROM code_symbols s WHERE s.repository_id = r.id),
               (SELECT count(*) FROM symbol_relationships x WHERE x.repository_id = r.id),
               r.last_index_stats::text
        FROM repositories r
        """;

    /// <summary>Advisory lock key serialising repository creation so two processes never pick the same name ("CIREPOS").</summary>
    private const long CreateLockKey = 0x43495245504F53;

    /// <summary>Names the index of a worktree as the index of <paramref name="commit"/> of the repository at <paramref name="sourceRoot"/> (schema 012).</summary>
    public async Task TagRevisionAsync(long repositoryId, string name, string commit, string sourceRoot, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE repositories SET name = $2, revision = $3, source_root = $4 WHERE id = $1");
        command.Parameters.AddWithValue(repositoryId);
        command.Parameters.AddWithValue(name);
        command.Parameters.AddWithValue(commit);
        command.Parameters.AddWithValue(NormalizeRoot(sourceRoot));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The id of the index of <paramref name="commit"/> of the repository at <paramref name="sourceRoot"/>, if one was built.</summary>
    public async Task<(long Id, string Name)?> FindRevisionAsync(string sourceRoot, string commit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name FROM repositories WHERE source_root = $1 AND revision = $2 AND indexed_at IS NOT NULL ORDER BY id DESC LIMIT 1");
        command.Parameters.AddWithValue(NormalizeRoot(sourceRoot));
        command.Parameters.AddWithValue(commit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    /// <summary>The repository rooted at <paramref name="rootPath"/>, created if missing (name = folder name, suffixed -2, -3… when another root has it).</summary>
    public async Task<RepositoryInfo> GetOrCreateAsync(string rootPath, CancellationToken cancellationToken = default)
    {
        var root = NormalizeRoot(rootPath);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCmd = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({CreateLockKey})", connection, tx))
        {
            await lockCmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var existing = await QuerySingleAsync(connection, tx, " WHERE r.root_path = $1", root, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return existing;
        }

        var baseName = Path.GetFileName(root);
        if (string.IsNullOrEmpty(baseName))
        {
            baseName = "root";
        }

        var name = baseName;
        for (var i = 2; await NameTakenAsync(connection, tx, name, cancellationToken).ConfigureAwait(false); i++)
        {
            name = $"{baseName}-{i}";
        }

        await using (var insert = new NpgsqlCommand("INSERT INTO repositories (name, root_path) VALUES ($1, $2)", connection, tx))
        {
            insert.Parameters.Add(new() { Value = name, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new() { Value = root, NpgsqlDbType = NpgsqlDbType.Text });
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var created = await QuerySingleAsync(connection, tx, " WHERE r.root_path = $1", root, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return created!;
    }

    /// <summary>Finds a repository by exact name, else by root path (relative paths resolve against the current directory); null when neither matches.</summary>
    public async Task<RepositoryInfo?> FindAsync(string nameOrPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await QuerySingleAsync(connection, null, " WHERE r.name = $1", nameOrPath, cancellationToken).ConfigureAwait(false)
            ?? await QuerySingleAsync(connection, null, " WHERE r.root_path = $1", NormalizeRoot(nameOrPath), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Like <see cref="FindAsync"/> but throws <c>repository_not_found</c> (exit 2) with the known names.</summary>
    public async Task<RepositoryInfo> ResolveAsync(string nameOrPath, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(nameOrPath, cancellationToken).ConfigureAwait(false);
        if (found is not null)
        {
            return found;
        }

        var names = (await ListAsync(cancellationToken).ConfigureAwait(false)).Select(r => r.Name).ToList();
        throw new UserInputException("repository_not_found",
            $"No indexed repository is named or rooted at '{nameOrPath}'. Known: {(names.Count == 0 ? "(none)" : string.Join(", ", names))}. To fix this, index it first (codeindex index <path>) or pass one of the known names.");
    }

    /// <summary>All repositories with counts, by name.</summary>
    public async Task<IReadOnlyList<RepositoryInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(SelectColumns + " ORDER BY r.name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<RepositoryInfo>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    /// <summary>Deletes a repository and (by cascade) its symbols, locations, relationships and sites; false when it did not exist.</summary>
    public async Task<bool> RemoveAsync(long repositoryId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM repositories WHERE id = $1");
        command.Parameters.Add(new() { Value = repositoryId, NpgsqlDbType = NpgsqlDbType.Bigint });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    internal static string NormalizeRoot(string path)
    {
        var full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : full;
    }

    private static async Task<bool> NameTakenAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM repositories WHERE name = $1)", connection, tx);
        command.Parameters.Add(new() { Value = name, NpgsqlDbType = NpgsqlDbType.Text });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task<RepositoryInfo?> QuerySingleAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string where, string value, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(SelectColumns + where, connection, tx);
        command.Parameters.Add(new() { Value = value, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static RepositoryInfo Read(NpgsqlDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetString(2),
        r.GetFieldValue<DateTimeOffset>(3),
        r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4),
        r.GetInt64(5),
        r.GetInt64(6),
        r.IsDBNull(7) ? null : r.GetString(7));
}
