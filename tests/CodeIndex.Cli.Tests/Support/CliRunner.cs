using System.Diagnostics;
using System.Text.Json;

namespace CodeIndex.Cli.Tests.Support;

/// <summary>Runs the real <c>codeindex</c> executable (built next to the tests) as a child process and captures its output.</summary>
internal static class CliRunner
{
    private static readonly string CliDll = Path.Combine(AppContext.BaseDirectory, "codeindex.dll");

    public static Task<CliResult> RunAsync(string? connectionString, params string[] args) => RunAsync(connectionString, null, args);

    /// <summary>Runs with extra environment variables (<paramref name="environment"/>) set for the child.</summary>
    public static async Task<CliResult> RunAsync(string? connectionString, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliDll);
        if (connectionString is not null)
        {
            start.ArgumentList.Add("--db");
            start.ArgumentList.Add(connectionString);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("CODEINDEX_DB");
        start.Environment.Remove("CODEINDEX_CHROMA");
        start.Environment.Remove("CODEINDEX_MODEL");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr, string.Join(' ', args));
    }
}

/// <summary>Exit code and output of one CLI run.</summary>
internal sealed record CliResult(int ExitCode, string StdOut, string StdErr, string Command)
{
    public JsonElement Json()
    {
        try
        {
            return JsonDocument.Parse(StdOut).RootElement;
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"'{Command}' did not print JSON: {e.Message}\nstdout:\n{StdOut}\nstderr:\n{StdErr}");
        }
    }

    public override string ToString() => $"codeindex {Command} → exit {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
}
