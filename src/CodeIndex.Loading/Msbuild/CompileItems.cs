using System.Diagnostics;
using System.Text.Json;

namespace CodeIndex.Loading;

/// <summary>
/// MSBuild's own answer to "which files does this project compile": <c>dotnet msbuild -getItem:Compile</c> evaluates the project
/// (globs, <c>Compile Remove</c>, <c>EnableDefaultCompileItems</c>, Directory.Build.props) without building. The watch asks it when
/// a .cs file appears, instead of guessing from folder layout. About 0.6 s per project here.
/// </summary>
public static class CompileItems
{
    /// <summary>Full paths of the project's Compile items for <paramref name="targetFramework"/> (null = the project's default).</summary>
    /// <exception cref="InvalidOperationException">MSBuild could not evaluate the project (the message says why).</exception>
    public static async Task<IReadOnlySet<string>> EvaluateAsync(string projectFile, string? targetFramework, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(RestoreRunner.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(projectFile) ?? Environment.CurrentDirectory,
        };
        foreach (var arg in new[] { "msbuild", projectFile, "-getItem:Compile", "-nologo", "-p:DesignTimeBuild=true" })
        {
            psi.ArgumentList.Add(arg);
        }

        if (targetFramework is not null)
        {
            psi.ArgumentList.Add($"-p:TargetFramework={targetFramework}");
        }

        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("dotnet msbuild could not be started.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var json = await output.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var message = (json + await error.ConfigureAwait(false)).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? "no output";
            throw new InvalidOperationException($"MSBuild could not evaluate '{projectFile}' (exit code {process.ExitCode}): {message}");
        }

        var result = new HashSet<string>(PathUtil.Comparer);
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.TryGetProperty("Items", out var items) && items.TryGetProperty("Compile", out var compile))
        {
            foreach (var item in compile.EnumerateArray())
            {
                if (item.TryGetProperty("FullPath", out var path) && path.GetString() is { } full)
                {
                    result.Add(full);
                }
            }
        }

        return result;
    }
}
