using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace CodeIndex.Loading;

/// <summary>Runs <c>dotnet restore</c> as a child process with a timeout; failures become warnings (partial restores are normal).</summary>
internal sealed class RestoreRunner(ILogger logger, DiagnosticCollector diagnostics)
{
    /// <summary>Upper bound for one restore; a real repository with a cold package cache can take minutes.</summary>
    internal static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    private const int MaxOutputLines = 400;

    public async Task RestoreAsync(string target, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var psi = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(target) ?? Environment.CurrentDirectory,
        };
        // NuGet warnings (NU1603, NU1701, …) must not fail the restore of projects that set TreatWarningsAsErrors.
        foreach (var arg in new[] { "restore", target, "--nologo", "--verbosity", "minimal", "-p:TreatWarningsAsErrors=false" })
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        var output = new StringBuilder();
        var lines = 0;
        void Capture(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                if (lines++ < MaxOutputLines)
                {
                    output.AppendLine(e.Data);
                }
            }
        }

        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += Capture;
        process.ErrorDataReceived += Capture;
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            diagnostics.AddWarning($"dotnet restore could not be started ({ex.Message}); loading without restore", target);
            return;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            diagnostics.AddWarning($"dotnet restore timed out after {Timeout.TotalMinutes:0} minutes; loading with whatever was restored", target);
            return;
        }

        // WaitForExitAsync returns once the process exited; wait for the redirected streams to drain too.
        process.WaitForExit();
        var text = output.ToString();
        Log.RestoreFinished(logger, target, (long)Stopwatch.GetElapsedTime(start).TotalMilliseconds, process.ExitCode);
        Log.RestoreOutput(logger, text);
        if (process.ExitCode != 0)
        {
            diagnostics.AddWarning($"dotnet restore failed (exit code {process.ExitCode}): {FirstError(text)}", target);
        }
    }

    private static string FirstError(string output)
    {
        var line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains(": error ", StringComparison.Ordinal))
            ?? output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0)
            ?? "no output";
        return line.Length > 300 ? line[..300] + "…" : line;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>The <c>dotnet</c> executable: <c>DOTNET_HOST_PATH</c> (set by the SDK), the current process when it is dotnet, else <c>dotnet</c> on PATH.</summary>
    internal static string DotnetHost()
    {
        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        var processPath = Environment.ProcessPath;
        if (processPath is not null && Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return processPath;
        }

        return "dotnet";
    }
}
