using CodeIndex.Core.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CodeIndex.Storage.Migrations;

/// <summary>Applies the embedded <c>sql/NNN_*.sql</c> migrations in order, each in a transaction, recorded in <c>schema_migrations</c>, under an advisory lock.</summary>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, ILogger? logger = null)
{
    /// <summary>Advisory lock key shared by every CodeIndex process migrating the same database ("CIMIGRAT").</summary>
    internal const long AdvisoryLockKey = 0x43494D4947524154;

    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>Applies pending migrations; returns the versions applied by this call (empty when up to date).</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var migrations = Migration.LoadEmbedded();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    checksum   text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken).ConfigureAwait(false);

            var applied = new Dictionary<int, string>();
            await using (var read = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    applied[reader.GetInt32(0)] = reader.GetString(1);
                }
            }

            var done = new List<int>();
            foreach (var migration in migrations)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        SchemaMigratorLog.ChecksumChanged(_logger, migration.Version, migration.Name, checksum, migration.Checksum);
                    }

                    continue;
                }

                await ApplyAsync(connection, migration, cancellationToken).ConfigureAwait(false);
                done.Add(migration.Version);
            }

            return done;
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        SchemaMigratorLog.Applying(_logger, migration.Version, migration.Name);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using (var run = new NpgsqlCommand(migration.Sql, connection, tx))
            {
                await run.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", connection, tx))
            {
                record.Parameters.Add(new() { Value = migration.Version });
                record.Parameters.Add(new() { Value = migration.Name });
                record.Parameters.Add(new() { Value = migration.Checksum });
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (IsMissingExtension(e, "vector"))
        {
            throw new OperationFailedException("pgvector_missing",
                $"The PostgreSQL server has no pgvector extension (migration {migration.Version:000}_{migration.Name}: {e.MessageText}). To fix this, run scripts/setup.sh or install postgresql-NN-pgvector (NN = the server's major version) on the database server.", e);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new OperationFailedException("db_permission_denied",
                $"Migration {migration.Version:000}_{migration.Name} failed: {e.MessageText}. To fix this, run CodeIndex once as a user that may create extensions and tables (a superuser), or have an administrator run: CREATE EXTENSION vector; CREATE EXTENSION pg_trgm;", e);
        }
    }

    internal static bool IsMissingExtension(PostgresException e, string name) =>
        e.SqlState == PostgresErrorCodes.UndefinedFile
        || (e.SqlState == PostgresErrorCodes.FeatureNotSupported && e.MessageText.Contains(name, StringComparison.Ordinal))
        || (e.SqlState == PostgresErrorCodes.UndefinedObject && e.MessageText.Contains($"\"{name}\"", StringComparison.Ordinal));

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
