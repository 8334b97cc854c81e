using System.Diagnostics;
using System.Text.RegularExpressions;
using CodeIndex.Cli.Tests.Support;

namespace CodeIndex.Cli.Tests;

/// <summary>
/// The compose stack, as far as a machine without a Docker engine can check it: the file validates with Debian's
/// docker-compose (installed by scripts/setup.sh), every service has a health check and named volumes, no password is in
/// it, and the build script the Dockerfile runs produces a working tool.
/// </summary>
public sealed class ComposeStackTests
{
    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string file, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("CODEINDEX_DB_PASSWORD");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task ComposeFile_ValidatesWithTheEnvTemplate_HasHealthChecksAndVolumes_AndNoPassword()
    {
        var (code, config, error) = await RunAsync("docker-compose", RepoPaths.Root, "--env-file", ".env.example", "config");
        Assert.True(code == 0, $"docker-compose config failed (scripts/setup.sh installs docker-compose): {error}");
        foreach (var service in new[] { "postgres", "chroma", "codeindex" })
        {
            Assert.Matches(new Regex($@"(?ms)^  {service}:\n(?:    .*\n|\n)*?    healthcheck:"), config);
        }

        Assert.Contains("image: pgvector/pgvector:0.8.0-pg15", config);
        Assert.Contains("image: chromadb/chroma:1.0.0", config);
        Assert.Matches(new Regex(@"(?m)^volumes:\n  codeindex_chroma: \{\}\n  codeindex_home: \{\}\n  codeindex_pg: \{\}"), config);

        var compose = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docker-compose.yml"));
        Assert.DoesNotMatch(new Regex(@"(?im)^\s*\w*password\w*\s*:(?>[ \t]*)(?!\$\{)"), compose); // POSTGRES_PASSWORD: <literal>
        Assert.DoesNotMatch(new Regex(@"(?i)password=(?!\$\{)"), compose); // ...;Password=<literal>

        // Without a password (no .env), the stack refuses to start rather than fall back to a default one.
        var empty = Path.Combine(Path.GetTempPath(), $"codeindex-empty-{Guid.NewGuid():N}.env");
        await File.WriteAllTextAsync(empty, "");
        try
        {
            var (noPassword, _, message) = await RunAsync("docker-compose", RepoPaths.Root, "--env-file", empty, "config");
            Assert.NotEqual(0, noPassword);
            Assert.Contains("set CODEINDEX_DB_PASSWORD", message);
        }
        finally
        {
            File.Delete(empty);
        }
    }

    [Fact]
    public async Task TheDockerfilesBuildScript_PublishesAToolThatRuns()
    {
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "Dockerfile"));
        Assert.Contains("RUN bash scripts/docker/build.sh /out", dockerfile);
        var output = Path.Combine(Path.GetTempPath(), $"codeindex-docker-build-{Guid.NewGuid():N}");
        try
        {
            var (code, stdout, stderr) = await RunAsync("bash", RepoPaths.Root, Path.Combine("scripts", "docker", "build.sh"), output);
            Assert.True(code == 0, stdout + stderr);
            Assert.True(File.Exists(Path.Combine(output, "app", "runtimes", "linux-x64", "native", "libonnxruntime.so")));
            var (version, text, versionError) = await RunAsync("dotnet", output, Path.Combine(output, "app", "codeindex.dll"), "--version");
            Assert.True(version == 0, versionError);
            Assert.Matches(@"\d+\.\d+\.\d+", text);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
