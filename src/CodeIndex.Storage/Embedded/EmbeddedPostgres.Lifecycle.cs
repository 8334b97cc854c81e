using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using CodeIndex.Core.Errors;
using Npgsql;

namespace CodeIndex.Storage.Embedded;

/// <summary>Cluster initialisation (initdb), configuration and start (pg_ctl).</summary>
public sealed partial class EmbeddedPostgres
{
    private const string MarkerFile = "initialized";

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var bin = PostgresBinaries.Locate();
        if (Directory.Exists(_layout.PgData))
        {
            // A previous initialisation died half-way (no marker): start over.
            Directory.Delete(_layout.PgData, recursive: true);
        }

        var port = _configuredPort ?? FindFreePort();
        EmbeddedPostgresLog.Initializing(_logger, _layout.Root, port);
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('/', '_').Replace('+', '-');
        WritePrivateFile(_layout.PasswordFile, password);

        Directory.CreateDirectory(_layout.PgData);
        var pwFile = Path.Combine(_layout.Root, "initdb.pw");
        WritePrivateFile(pwFile, password);
        try
        {
            await ProcessRunner.ChownToServiceUserAsync(_layout.PgData, cancellationToken).ConfigureAwait(false);
            await ProcessRunner.ChownToServiceUserAsync(pwFile, cancellationToken).ConfigureAwait(false);
            List<string> args =
            [
                "-D", _layout.PgData, "-U", ClusterLayout.SuperUser, $"--pwfile={pwFile}",
                "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-instructions",
            ];
            if (!Durable)
            {
                args.Add("--no-sync");
            }

            var (code, output) = await ProcessRunner.RunServerToolAsync(Path.Combine(bin, "initdb"), args, cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                throw new OperationFailedException("db_init_failed",
                    $"initdb failed for {_layout.PgData} (exit {code}): {output.Trim()}" +
                    (ProcessRunner.IsRoot ? $" To fix this, make sure the '{ProcessRunner.ServiceUser}' user can reach {_layout.Root} (not under /root) or choose another data directory." : string.Empty));
            }
        }
        finally
        {
            File.Delete(pwFile);
        }

        WriteSettings(port);
        await File.AppendAllTextAsync(Path.Combine(_layout.PgData, "postgresql.conf"), "\ninclude 'codeindex.conf'\n", cancellationToken).ConfigureAwait(false);
        await ProcessRunner.ChownToServiceUserAsync(_layout.PgData, cancellationToken).ConfigureAwait(false);

        await StartAsync(cancellationToken).ConfigureAwait(false);
        await PrepareDatabasesAsync(cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(_layout.PgData, MarkerFile), DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates pgvector and pg_trgm in template1 once (every later database inherits them, so tests never race on CREATE EXTENSION) and the <c>codeindex</c> database.</summary>
    private async Task PrepareDatabasesAsync(CancellationToken cancellationToken)
    {
        await using (var template = new NpgsqlConnection(BuildConnectionString("template1")))
        {
            await template.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var check = new NpgsqlCommand("SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'", template);
            var hasVector = (long)(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0;
            var sql = hasVector
                ? "CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS vector;"
                : "CREATE EXTENSION IF NOT EXISTS pg_trgm;"; // the migration reports pgvector_missing with the fix
            await using var create = new NpgsqlCommand(sql, template);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(BuildConnectionString("postgres"));
        await admin.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = $1", admin) { Parameters = { new() { Value = ClusterLayout.DefaultDatabase } } };
        if ((long)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0)
        {
            await using var createDb = new NpgsqlCommand($"CREATE DATABASE {ClusterLayout.DefaultDatabase}", admin);
            await createDb.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var port = ReadPort() ?? _configuredPort ?? FindFreePort();
        if (_configuredPort is { } wanted && wanted != port)
        {
            port = wanted;
        }
        else if (_configuredPort is null && !IsPortFree(port))
        {
            var moved = FindFreePort();
            EmbeddedPostgresLog.PortMoved(_logger, port, moved);
            port = moved;
        }

        WriteSettings(port); // every start, so a cluster made by an older version gets today's settings

        EmbeddedPostgresLog.Starting(_logger, _layout.Root, port);
        var (code, output) = await ProcessRunner.RunServerToolAsync(
            Path.Combine(PostgresBinaries.Locate(), "pg_ctl"),
            ["-D", _layout.PgData, "-l", _layout.ServerLog, "-w", "-t", "60", "start"],
            cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw new OperationFailedException("db_start_failed",
                $"PostgreSQL in {_layout.PgData} did not start on 127.0.0.1:{port} (pg_ctl exit {code}). {output.Trim()} Server log: {LogTail()} To fix this, check that the port is free (or pass another one) and read {_layout.ServerLog}.");
        }
    }

    private void WriteSettings(int port)
    {
        var sb = new StringBuilder()
            .AppendLine("# Written by CodeIndex; rewritten when the port changes.")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"port = {port}")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{_layout.SocketDirectory.Replace("'", "''", StringComparison.Ordinal)}'")
            .AppendLine("password_encryption = 'scram-sha-256'")
            .AppendLine("max_connections = 200")
            .AppendLine(CultureInfo.InvariantCulture, $"shared_buffers = {SharedBuffersMegabytes(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)}MB");
        if (!Durable)
        {
            sb.AppendLine("fsync = off").AppendLine("synchronous_commit = off").AppendLine("full_page_writes = off");
        }

        File.WriteAllText(_layout.SettingsFile, sb.ToString());
    }

    /// <summary>1/16 of the machine's memory, at least PostgreSQL's default 128 MB and at most 1 GB.</summary>
    /// <remarks>The default 128 MB held half of a 100k-vector HNSW index; searches that had to read the rest from the OS cache were
    /// ~30 % slower. Shared buffers are only committed as pages are used, so a small index costs nothing extra.</remarks>
    internal static long SharedBuffersMegabytes(long totalMemoryBytes) => Math.Clamp(totalMemoryBytes / 16 / (1024 * 1024), 128, 1024);

    private int? ReadPort()
    {
        if (!File.Exists(_layout.SettingsFile))
        {
            return null;
        }

        foreach (var line in File.ReadLines(_layout.SettingsFile))
        {
            var t = line.Trim();
            if (t.StartsWith("port", StringComparison.Ordinal) && t.Split('=', 2) is [_, var value]
                && int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var port))
            {
                return port;
            }
        }

        return null;
    }

    private string LogTail()
    {
        try
        {
            var lines = File.ReadAllLines(_layout.ServerLog);
            return string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 5)));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private static void WritePrivateFile(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, new UTF8Encoding(false), options))
        {
            writer.Write(content);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>A TCP port on 127.0.0.1 that is free right now.</summary>
    internal static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsPortFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
