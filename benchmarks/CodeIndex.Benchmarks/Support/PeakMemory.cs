using System.Globalization;

namespace CodeIndex.Benchmarks.Support;

/// <summary>Peak resident memory (VmHWM) of a process from /proc; for this process the peak can be reset between runs.</summary>
internal static class PeakMemory
{
    /// <summary>VmHWM of <paramref name="pid"/> in bytes, or 0 when the process is gone or /proc is unavailable.</summary>
    public static long Of(int pid) => ReadKiB($"/proc/{pid}/status", "VmHWM:") * 1024;

    public static long OfSelf() => Of(Environment.ProcessId);

    /// <summary>Resets this process's VmHWM to its current RSS (Linux: write 5 to clear_refs); false when not allowed.</summary>
    public static bool ResetSelf()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    internal static long ReadKiB(string statusPath, string field)
    {
        try
        {
            foreach (var line in File.ReadLines(statusPath))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            // The process exited between listing and reading.
        }

        return 0;
    }
}
