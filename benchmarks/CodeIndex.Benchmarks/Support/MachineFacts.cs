using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace CodeIndex.Benchmarks.Support;

/// <summary>Prints what a reader needs to judge a figure: the command, the machine, and the load average at start and end (the machine is shared).</summary>
internal sealed class MachineFacts
{
    private readonly string _startLoad = LoadAverage();
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;

    /// <summary>The three load averages from /proc/loadavg (1, 5, 15 minutes).</summary>
    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} {parts[1]} {parts[2]}";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    public void PrintHeader(string[] args)
    {
        Console.WriteLine($"command:      dotnet run -c Release --project benchmarks/CodeIndex.Benchmarks -- {string.Join(' ', Redacted(args))}");
        Console.WriteLine($"started:      {_start:yyyy-MM-dd HH:mm:ss} UTC");
        Console.WriteLine($"machine:      {Environment.ProcessorCount} cores ({CpuModel()}), {MemTotalGiB()} GiB RAM, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        Console.WriteLine($"commit:       {GitCommit()}");
        Console.WriteLine($"load average: {_startLoad} (1/5/15 min) at start");
        Console.WriteLine();
    }

    /// <summary>The arguments with a <c>--db</c> connection string shown as user@host:port/database (never its password).</summary>
    private static IEnumerable<string> Redacted(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (i > 0 && args[i - 1] == "--db")
            {
                string shown;
                try
                {
                    shown = CodeIndex.Storage.Connection.ConnectionStrings.Describe(CodeIndex.Storage.Connection.ConnectionStrings.Normalize(args[i]));
                }
                catch (Exception e) when (e is ArgumentException or CodeIndex.Core.Errors.CodeIndexException)
                {
                    shown = "(connection string)";
                }

                yield return shown;
            }
            else
            {
                yield return args[i];
            }
        }
    }

    public void PrintFooter()
    {
        Console.WriteLine();
        Console.WriteLine($"load average: {_startLoad} at start, {LoadAverage()} at end (1/5/15 min); wall time {(DateTimeOffset.UtcNow - _start).TotalSeconds:F0} s");
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown cpu" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown cpu";
        }
    }

    private static string MemTotalGiB()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kib = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return (kib / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException)
        {
            return "?";
        }
    }

    private static string GitCommit()
    {
        try
        {
            var info = new ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var git = Process.Start(info)!;
            var text = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? text + " (plus any uncommitted work in the tree)" : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
