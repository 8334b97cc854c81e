using System.Net.Sockets;
using CodeIndex.Core.Errors;
using CodeIndex.Storage.Embedded;
using CodeIndex.Storage.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pgvector.Npgsql;

namespace CodeIndex.Storage.Connection;

/// <summary>Opens the process's <see cref="NpgsqlDataSource"/> (embedded default or a given server), checks connectivity with actionable errors, and applies migrations.</summary>
public static class DatabaseConnector
{
    /// <summary>null → the embedded default cluster (started if needed); otherwise an Npgsql connection string or postgres:// URI. PGPASSWORD and ~/.pgpass apply when no password is given.</summary>
    public static Task<NpgsqlDataSource> OpenAsync(string? connectionStringOrUri, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default) =>
        OpenAsync(connectionStringOrUri, null, migrate: true, loggerFactory, cancellationToken);

    /// <summary>
    /// A data source for a server that only answers questions (the MCP server): every session starts with
    /// <c>default_transaction_read_only = on</c> — so every statement runs in a read-only transaction and no code path can write — and
    /// <c>statement_timeout</c>, so no question holds the server longer than <paramref name="statementTimeout"/>. Applies no migration:
    /// open the writable source first (<see cref="OpenAsync(string?, ILoggerFactory?, CancellationToken)"/>).
    /// </summary>
    public static Task<NpgsqlDataSource> OpenReadOnlyAsync(string? connectionStringOrUri, TimeSpan statementTimeout, string applicationName, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statementTimeout, TimeSpan.FromMilliseconds(1));
        return OpenAsync(connectionStringOrUri, b =>
        {
            var options = $"-c default_transaction_read_only=on -c statement_timeout={(long)statementTimeout.TotalMilliseconds}";
            b.Options = string.IsNullOrEmpty(b.Options) ? options : $"{b.Options} {options}";
            b.ApplicationName = applicationName;
        }, migrate: false, loggerFactory, cancellationToken);
    }

    private static async Task<NpgsqlDataSource> OpenAsync(string? connectionStringOrUri, Action<NpgsqlConnectionStringBuilder>? configure, bool migrate, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        var connectionString = connectionStringOrUri is null
            ? await EmbeddedPostgres.Default(loggerFactory?.CreateLogger<EmbeddedPostgres>()).EnsureStartedAsync(cancellationToken).ConfigureAwait(false)
            : ConnectionStrings.Normalize(connectionStringOrUri);
        if (configure is not null)
        {
            var settings = new NpgsqlConnectionStringBuilder(connectionString);
            configure(settings);
            connectionString = settings.ConnectionString;
        }

        var builder = Builder(connectionString);
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        var dataSource = builder.Build();
        try
        {
            await CheckConnectivityAsync(dataSource, connectionString, cancellationToken).ConfigureAwait(false);
            if (!migrate)
            {
                return dataSource;
            }

            var applied = await new SchemaMigrator(dataSource, loggerFactory?.CreateLogger<SchemaMigrator>()).MigrateAsync(cancellationToken).ConfigureAwait(false);
            if (applied.Count > 0)
            {
                // A migration may have created the vector extension after the first connection loaded the types.
                await dataSource.ReloadTypesAsync(cancellationToken).ConfigureAwait(false);
            }

            return dataSource;
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The data source builder every CodeIndex data source is made with: pgvector's <c>vector</c> type mapped to
    /// <c>Pgvector.Vector</c> (the <c>Pgvector</c> package), so vectors cross the wire in pgvector's binary format as parameters and in COPY.
    /// </summary>
    public static NpgsqlDataSourceBuilder Builder(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseVector();
        return builder;
    }

    /// <summary>A data source for <paramref name="connectionString"/> as CodeIndex makes them (<see cref="Builder"/>), without checks or migrations.</summary>
    public static NpgsqlDataSource Create(string connectionString) => Builder(connectionString).Build();

    /// <summary>Opens one connection and maps failures to <c>db_unreachable</c>, <c>db_auth_failed</c>, <c>db_not_found</c>, <c>pgvector_missing</c>.</summary>
    internal static async Task CheckConnectivityAsync(NpgsqlDataSource dataSource, string connectionString, CancellationToken cancellationToken = default)
    {
        var target = ConnectionStrings.Describe(connectionString);
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var check = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector')", connection);
            if (!(bool)(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                throw new OperationFailedException("pgvector_missing",
                    $"The PostgreSQL server at {b.Host}:{b.Port} has no pgvector extension. To fix this, run scripts/setup.sh or install postgresql-NN-pgvector (NN = the server's major version) on that server.");
            }
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            throw new OperationFailedException("db_auth_failed",
                $"PostgreSQL at {b.Host}:{b.Port} refused the login of user '{b.Username}' ({e.MessageText}). To fix this, check the user and password in --db (or PGPASSWORD / ~/.pgpass).", e);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            throw new OperationFailedException("db_not_found",
                $"Database '{b.Database}' does not exist on {b.Host}:{b.Port}. To fix this, create it (createdb -h {b.Host} -p {b.Port} {b.Database}) or name an existing database in --db.", e);
        }
        catch (NpgsqlException e) when (e is not PostgresException && IsUnreachable(e))
        {
            throw new OperationFailedException("db_unreachable",
                $"Cannot reach PostgreSQL at {b.Host}:{b.Port} ({Root(e).Message}). To fix this, start the server, check host and port in --db ({target}), or omit --db to use the embedded database.", e);
        }
        catch (NpgsqlException e) when (e is not PostgresException && e.Message.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            throw new OperationFailedException("db_auth_failed",
                $"PostgreSQL at {b.Host}:{b.Port} asked for a password for user '{b.Username}' and none was given. To fix this, put it in --db, PGPASSWORD or ~/.pgpass.", e);
        }
    }

    private static bool IsUnreachable(Exception e) =>
        e.InnerException is SocketException or TimeoutException || e is NpgsqlException { InnerException: SocketException or TimeoutException or IOException };

    private static Exception Root(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
