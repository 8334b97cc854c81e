using Microsoft.Extensions.Logging;

namespace CodeIndex.Loading;

/// <summary>Source-generated log messages of the loading stage (event ids 1000–1099).</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Loading {InputPath} (repository root {RepositoryRoot})")]
    public static partial void LoadingInput(ILogger logger, string inputPath, string repositoryRoot);

    [LoggerMessage(1001, LogLevel.Information, "dotnet restore {Target} finished in {ElapsedMs} ms with exit code {ExitCode}")]
    public static partial void RestoreFinished(ILogger logger, string target, long elapsedMs, int exitCode);

    [LoggerMessage(1002, LogLevel.Debug, "dotnet restore output: {Output}")]
    public static partial void RestoreOutput(ILogger logger, string output);

    [LoggerMessage(1003, LogLevel.Debug, "Workspace: {Message}")]
    public static partial void WorkspaceMessage(ILogger logger, string message);

    [LoggerMessage(1004, LogLevel.Information, "Project {ProjectName}: chose {TargetFramework} of {InstanceCount} target framework(s) ({CompileErrorCount} compile errors)")]
    public static partial void TargetFrameworkChosen(ILogger logger, string projectName, string? targetFramework, int instanceCount, int compileErrorCount);

    [LoggerMessage(1005, LogLevel.Warning, "{Severity}: {Message} (x{Count}, e.g. {Example})")]
    public static partial void LoadDiagnostic(ILogger logger, string severity, string message, int count, string? example);

    [LoggerMessage(1006, LogLevel.Information, "Loaded {ProjectCount} project instance(s), {DocumentCount} document(s) in {ElapsedMs} ms (restore {RestoreMs} ms)")]
    public static partial void Loaded(ILogger logger, int projectCount, int documentCount, long elapsedMs, long restoreMs);

    [LoggerMessage(1007, LogLevel.Debug, "Skipping generated file {FilePath}")]
    public static partial void SkippedGeneratedFile(ILogger logger, string filePath);
}
