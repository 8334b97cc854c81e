using System.Collections.Concurrent;
using System.Globalization;
using CodeIndex.Core.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CodeIndex.Storage.Embedded;

/// <summary>The tool's own PostgreSQL cluster: initialised with the installed initdb, started and stopped with pg_ctl, listening on 127.0.0.1 with a generated password.</summary>
public sealed partial class EmbeddedPostgres
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> LocalLocks = new(StringComparer.Ordinal);
    private readonly ClusterLayout _layout;
    private readonly int? _configuredPort;
    private readonly ILogger _logger;

    private EmbeddedPostgres(string dataDirectory, int? port, ILogger? logger)
    {
        if (port is { } p && (p < 1 || p > 65535))
        {
            throw new UserInputException("invalid_port", $"Port {p} is out of range. To fix this, pass a port between 1 and 65535.");
        }

        _layout = new ClusterLayout(Path.GetFullPath(dataDirectory));
        _configuredPort = port;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The directory holding this cluster (its <c>pgdata/</c>, password file and lock file).</summary>
    public string DataDirectory => _layout.Root;

    /// <summary>Whether the cluster was created already (false before the first start, which runs initdb).</summary>
    public bool IsInitialized => _layout.IsInitialized;

    /// <summary>When false, the cluster runs with fsync/full_page_writes off (throwaway test clusters only).</summary>
    internal bool Durable { get; init; } = true;

    /// <summary>The user's default cluster: /var/lib/codeindex/default when root, else $XDG_DATA_HOME/codeindex/default (~/.local/share/codeindex/default).</summary>
    public static EmbeddedPostgres Default(ILogger? logger = null) => new(DefaultDataDirectory("default"), null, logger);

    /// <summary>A cluster in the given directory, on the given port (null = a free port chosen at initialisation and kept).</summary>
    public static EmbeddedPostgres At(string dataDirectory, int? port = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        return new EmbeddedPostgres(dataDirectory, port, logger);
    }

    /// <summary>A non-durable cluster (fsync off) for tests: fast, and disposable.</summary>
    internal static EmbeddedPostgres Throwaway(string dataDirectory, int port, ILogger? logger = null) =>
        new(dataDirectory, port, logger) { Durable = false };

    /// <summary>Where a named cluster lives by default.</summary>
    public static string DefaultDataDirectory(string name)
    {
        if (ProcessRunner.IsRoot)
        {
            return Path.Combine("/var/lib/codeindex", name);
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var baseDir = !string.IsNullOrWhiteSpace(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(baseDir, "codeindex", name);
    }

    /// <summary>Initialises the cluster if needed and starts it if stopped; returns a connection string (with password) to its <c>codeindex</c> database. Safe when processes race.</summary>
    public async Task<string> EnsureStartedAsync(CancellationToken cancellationToken = default)
    {
        using var _ = await LockAsync(cancellationToken).ConfigureAwait(false);
        if (!_layout.IsInitialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!ReadStatus().Running)
        {
            await StartAsync(cancellationToken).ConfigureAwait(false);
        }

        return BuildConnectionString(ClusterLayout.DefaultDatabase);
    }

    /// <summary>Whether the cluster is initialised and running, its port and postmaster pid.</summary>
    public Task<EmbeddedPostgresStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(ReadStatus());
    }

    /// <summary>Stops the cluster (fast shutdown) if it is running; no-op otherwise.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(_layout.Root))
        {
            return;
        }

        using var _ = await LockAsync(cancellationToken).ConfigureAwait(false);
        if (!ReadStatus().Running)
        {
            return;
        }

        EmbeddedPostgresLog.Stopping(_logger, _layout.Root);
        var (code, output) = await ProcessRunner.RunServerToolAsync(
            Path.Combine(PostgresBinaries.Locate(), "pg_ctl"),
            ["-D", _layout.PgData, "-m", "fast", "-w", "-t", "60", "stop"],
            cancellationToken).ConfigureAwait(false);
        if (code != 0 && ReadStatus().Running)
        {
            throw new OperationFailedException("db_stop_failed", $"pg_ctl stop failed for {_layout.PgData}: {output.Trim()}");
        }
    }

    private EmbeddedPostgresStatus ReadStatus()
    {
        var initialized = _layout.IsInitialized;
        var port = initialized ? ReadPort() : null;
        int? pid = null;
        if (File.Exists(_layout.PidFile))
        {
            try
            {
                var first = File.ReadLines(_layout.PidFile).FirstOrDefault();
                if (int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && IsAlive(p))
                {
                    pid = p;
                }
            }
            catch (IOException)
            {
                // Removed while shutting down: treat as stopped.
            }
        }

        return new EmbeddedPostgresStatus(_layout.Root, initialized, pid is not null, port, pid);
    }

    private static bool IsAlive(int pid) => OperatingSystem.IsLinux()
        ? Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}")
        : TryGetProcess(pid);

    private static bool TryGetProcess(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private string BuildConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = ReadPort() ?? throw new InvalidOperationException($"Cluster in {_layout.Root} has no port setting."),
        Username = ClusterLayout.SuperUser,
        Password = File.ReadAllText(_layout.PasswordFile).Trim(),
        Database = database,
    }.ConnectionString;

    private async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_layout.Root);
        if (ProcessRunner.IsRoot && !OperatingSystem.IsWindows())
        {
            // The server user must traverse this directory to reach pgdata/; the password file stays 0600.
            File.SetUnixFileMode(_layout.Root, (UnixFileMode)0b111_101_101);
        }

        var local = LocalLocks.GetOrAdd(_layout.Root, _ => new SemaphoreSlim(1, 1));
        await local.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var fileLock = await ClusterLock.AcquireAsync(_layout.LockFile, () => EmbeddedPostgresLog.WaitingForLock(_logger, _layout.Root), cancellationToken).ConfigureAwait(false);
            return new Releaser(fileLock, local);
        }
        catch
        {
            local.Release();
            throw;
        }
    }

    /// <summary>Releases the file lock then the in-process lock.</summary>
    private sealed class Releaser(IDisposable fileLock, SemaphoreSlim local) : IDisposable
    {
        public void Dispose()
        {
            fileLock.Dispose();
            local.Release();
        }
    }
}
