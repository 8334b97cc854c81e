using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace CodeIndex.Storage.Embedded;

/// <summary>Runs server programs, as the <c>postgres</c> system user (via runuser) when this process is root.</summary>
internal static partial class ProcessRunner
{
    public const string ServiceUser = "postgres";

    public static bool IsRoot { get; } = OperatingSystem.IsLinux() && GetEuid() == 0;

    [DllImport("libc", EntryPoint = "geteuid")]
#pragma warning disable SYSLIB1054 // blittable, no marshalling needed
    private static extern uint GetEuid();
#pragma warning restore SYSLIB1054

    /// <summary>Runs a server program and returns its exit code and combined output.</summary>
    public static Task<(int ExitCode, string Output)> RunServerToolAsync(string program, IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        if (IsRoot)
        {
            var all = new List<string> { "-u", ServiceUser, "--", program };
            all.AddRange(args);
            return RunAsync("runuser", all, cancellationToken);
        }

        return RunAsync(program, args, cancellationToken);
    }

    /// <summary>Makes the service user own a path (recursively) when running as root; no-op otherwise.</summary>
    public static async Task ChownToServiceUserAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!IsRoot)
        {
            return;
        }

        var (code, output) = await RunAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", path], cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException(
                $"chown {ServiceUser} {path} failed ({code}): {output.Trim()}. The PostgreSQL server refuses to run as root, so CodeIndex runs it as the '{ServiceUser}' user; create that user (apt-get install postgresql creates it).");
        }
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        // Server programs started by pg_ctl inherit the environment; keep locale predictable.
        info.Environment["LC_ALL"] = "C.UTF-8";
        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
