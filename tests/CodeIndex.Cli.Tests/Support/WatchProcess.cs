using System.Diagnostics;

namespace CodeIndex.Cli.Tests.Support;

/// <summary>A real <c>codeindex watch</c> child process for the CLI tests: start it, wait for its JSON events.</summary>
internal static class WatchProcess
{
    public static async Task<long> RepoIdAsync(Npgsql.NpgsqlDataSource db, string root)
    {
        await using var command = db.CreateCommand("SELECT id FROM repositories WHERE root_path = $1");
        command.Parameters.AddWithValue(root);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static Process Start(string connection, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "codeindex.dll"));
        start.ArgumentList.Add("--db");
        start.ArgumentList.Add(connection);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("CODEINDEX_DB");
        return Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
    }

    /// <summary>Collects the process's stdout lines in the background (lock the list to read it).</summary>
    public static List<string> CollectLines(Process process)
    {
        var lines = new List<string>();
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        });
        return lines;
    }

    /// <summary>SIGTERM, as a service manager stops the daemon, then waits for the exit.</summary>
    public static async Task TerminateAsync(Process process)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        await process.WaitForExitAsync();
    }

    public static async Task WaitForLineAsync(List<string> lines, string fragment, Process process, TimeSpan timeout, int skip = 0)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (lines)
            {
                if (lines.Count(l => l.Contains(fragment, StringComparison.Ordinal)) > skip)
                {
                    return;
                }
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                lock (lines)
                {
                    throw new TimeoutException($"no line with {fragment} (exited: {process.HasExited}); lines:\n{string.Join('\n', lines)}");
                }
            }

            await Task.Delay(100);
        }
    }
}
