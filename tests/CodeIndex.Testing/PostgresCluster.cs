using System.Diagnostics;
using CodeIndex.Storage.Embedded;
using Npgsql;

namespace CodeIndex.Testing;

/// <summary>One throwaway PostgreSQL cluster per test process (or the server in CODEINDEX_TEST_DB), started lazily, stopped and deleted at process exit.</summary>
public sealed class PostgresCluster
{
    /// <summary>An admin connection string to an existing server; when set, no cluster is started and only databases are created/dropped.</summary>
    public const string EnvironmentVariable = "CODEINDEX_TEST_DB";

    private const string DirectoryPrefix = "codeindex-test-";
    private static readonly Lazy<Task<PostgresCluster>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private PostgresCluster(string adminConnectionString, EmbeddedPostgres? embedded)
    {
        AdminConnectionString = adminConnectionString;
        Embedded = embedded;
    }

    /// <summary>A superuser connection string to the <c>postgres</c> database of the shared cluster.</summary>
    public string AdminConnectionString { get; }

    /// <summary>The embedded cluster behind this instance; null when CODEINDEX_TEST_DB points at an existing server.</summary>
    internal EmbeddedPostgres? Embedded { get; }

    /// <summary>The cluster shared by every test of this process.</summary>
    public static Task<PostgresCluster> SharedAsync() => Shared.Value;

    private static async Task<PostgresCluster> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new PostgresCluster(external, null);
        }

        CleanUpOrphans();
        var dir = Path.Combine("/tmp", $"{DirectoryPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        var embedded = EmbeddedPostgres.Throwaway(dir, EmbeddedPostgres.FindFreePort());
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAndDelete(embedded);
        StartWatchdog(dir);
        var connectionString = await embedded.EnsureStartedAsync().ConfigureAwait(false);
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        return new PostgresCluster(admin, embedded);
    }

    private static void StopAndDelete(EmbeddedPostgres embedded)
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            embedded.StopAsync().GetAwaiter().GetResult();
            TryDelete(embedded.DataDirectory);
            return;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or Core.Errors.CodeIndexException)
        {
            Console.Error.WriteLine($"PostgresCluster: stopping {embedded.DataDirectory} failed: {e.Message}");
        }

        TryDelete(embedded.DataDirectory);
    }

    /// <summary>A detached shell that stops and deletes the cluster once this process is gone, even if it was killed (the test host may be killed before its exit hook finishes).</summary>
    private static void StartWatchdog(string dir)
    {
        var pgCtl = Path.Combine(PostgresBinaries.Locate(), "pg_ctl");
        var stop = ProcessRunner.IsRoot ? $"runuser -u {ProcessRunner.ServiceUser} -- \"$PGCTL\"" : "\"$PGCTL\"";
        var info = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("sh");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"exec >/dev/null 2>&1 </dev/null; while kill -0 \"$OWNER\" 2>/dev/null; do sleep 0.5; done; {stop} -D \"$DIR/pgdata\" -m immediate -w stop >/dev/null 2>&1; rm -rf \"$DIR\"");
        info.Environment["OWNER"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["PGCTL"] = pgCtl;
        info.Environment["DIR"] = dir;
        using var process = Process.Start(info);
        process?.StandardInput.Close();
    }

    /// <summary>Stops and deletes clusters left behind by test processes that died without their exit hook.</summary>
    private static void CleanUpOrphans()
    {
        foreach (var dir in Directory.EnumerateDirectories("/tmp", DirectoryPrefix + "*"))
        {
            var name = Path.GetFileName(dir)[DirectoryPrefix.Length..];
            var pidText = name.Split('-')[0];
            if (int.TryParse(pidText, out var pid) && !Directory.Exists($"/proc/{pid}"))
            {
                StopAndDelete(EmbeddedPostgres.At(dir));
            }
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a later test run removes orphans.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
