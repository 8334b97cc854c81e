using System.Diagnostics;
using CodeIndex.Core.Errors;

namespace CodeIndex.Storage.Embedded;

/// <summary>Finds the installed PostgreSQL server programs (initdb, pg_ctl).</summary>
internal static class PostgresBinaries
{
    public const string EnvironmentVariable = "CODEINDEX_PG_BIN";

    /// <summary>CODEINDEX_PG_BIN, else the newest /usr/lib/postgresql/*/bin, else <c>pg_config --bindir</c>.</summary>
    public static string Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return HasServer(fromEnv)
                ? fromEnv
                : throw new UserInputException("pg_bin_invalid",
                    $"{EnvironmentVariable}={fromEnv} does not contain initdb and pg_ctl. To fix this, point it at the server's bin directory (e.g. /usr/lib/postgresql/15/bin) or unset it.");
        }

        const string root = "/usr/lib/postgresql";
        if (Directory.Exists(root))
        {
            var newest = Directory.GetDirectories(root)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: ParseVersion(Path.GetFileName(d))))
                .Where(x => x.Version is not null && HasServer(x.Dir))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Dir)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        var bindir = TryPgConfigBindir();
        if (bindir is not null && HasServer(bindir))
        {
            return bindir;
        }

        throw new OperationFailedException("postgres_not_installed",
            "No PostgreSQL server found (looked in CODEINDEX_PG_BIN, /usr/lib/postgresql/*/bin and pg_config --bindir). To fix this, run scripts/setup.sh (or apt-get install postgresql), or pass --db with a connection string to an existing server.");
    }

    private static bool HasServer(string dir) =>
        File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var v) ? v : null;

    private static string? TryPgConfigBindir()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
