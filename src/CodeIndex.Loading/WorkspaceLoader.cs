using System.Diagnostics;
using CodeIndex.Core.Errors;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeIndex.Loading;

/// <summary>Loads a solution, project, folder or loose files into a Roslyn workspace and decides which documents to index.</summary>
public sealed class WorkspaceLoader(ILogger<WorkspaceLoader>? logger = null)
{
    private static readonly Lock RegistrationGate = new();
    private readonly ILogger _logger = logger ?? NullLogger<WorkspaceLoader>.Instance;

    /// <summary>Registers the default MSBuild (the .NET SDK's) with <see cref="MSBuildLocator"/>; idempotent and thread-safe.</summary>
    /// <remarks>Call it before any code that touches MSBuild types; <see cref="LoadAsync"/> calls it too.</remarks>
    public static void EnsureMSBuildRegistered()
    {
        lock (RegistrationGate)
        {
            if (!MSBuildLocator.IsRegistered && MSBuildLocator.CanRegister)
            {
                MSBuildLocator.RegisterDefaults();
            }
        }
    }

    /// <summary>Restores (unless disabled), opens and selects the documents to index.</summary>
    /// <exception cref="UserInputException">The path does not exist (<c>path_not_found</c>), holds no C# (<c>no_csharp</c>), or is ambiguous.</exception>
    /// <exception cref="OperationFailedException">Nothing could be loaded (<c>nothing_loaded</c>).</exception>
    public async Task<LoadedSolution> LoadAsync(LoadOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        var input = InputResolver.Resolve(options.InputPath, cancellationToken);
        Log.LoadingInput(_logger, input.Path, input.RepositoryRoot);
        var diagnostics = new DiagnosticCollector();

        var restoreStart = Stopwatch.GetTimestamp();
        if (options.Restore)
        {
            var restore = new RestoreRunner(_logger, diagnostics);
            foreach (var target in input.RestoreTargets)
            {
                progress?.Report($"Restoring {Path.GetFileName(target)}");
                await restore.RestoreAsync(target, cancellationToken).ConfigureAwait(false);
            }
        }

        var restoreTime = options.Restore && input.RestoreTargets.Count > 0 ? Stopwatch.GetElapsedTime(restoreStart) : TimeSpan.Zero;
        var openStart = Stopwatch.GetTimestamp();
        var filter = new DocumentFilter(input.RepositoryRoot, diagnostics, _logger, options.MaxFileBytes);
        var workspace = await OpenAsync(input, filter, diagnostics, progress, cancellationToken).ConfigureAwait(false);
        try
        {
            var selector = new ProjectSelector(options.Framework, filter, diagnostics, _logger);
            var projects = await selector.SelectAsync(workspace.CurrentSolution, cancellationToken).ConfigureAwait(false);
            var openTime = Stopwatch.GetElapsedTime(openStart);
            var grouped = diagnostics.ToList();
            foreach (var diagnostic in grouped)
            {
                Log.LoadDiagnostic(_logger, diagnostic.Severity, diagnostic.Message, diagnostic.Count, diagnostic.Example);
            }

            if (projects.Count == 0)
            {
                throw new OperationFailedException(
                    "nothing_loaded",
                    $"No C# project could be loaded from '{input.Path}'. {Summarize(grouped)}To fix this, check that 'dotnet build {input.Path}' works, or pass a single project.");
            }

            Log.Loaded(_logger, projects.Count, projects.Sum(p => p.Documents.Count), (long)openTime.TotalMilliseconds, (long)restoreTime.TotalMilliseconds);
            return new LoadedSolution(workspace, input.RepositoryRoot, input.Path, projects, grouped, restoreTime, openTime);
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    private async Task<Workspace> OpenAsync(
        ResolvedInput input, DocumentFilter filter, DiagnosticCollector diagnostics, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (input.Kind == InputKind.LooseFiles)
        {
            var files = input.Files.Where(f => filter.Accept(f) is not null).ToList();
            if (files.Count == 0)
            {
                throw new UserInputException("no_csharp", $"No readable C# file was found in '{input.Path}'. To fix this, pass a folder containing C# code.");
            }

            var name = Directory.Exists(input.Path) ? Path.GetFileName(input.Path) : Path.GetFileNameWithoutExtension(input.Path);
            progress?.Report($"Loading {files.Count} loose C# file(s) as project {name}");
            return AdhocProjectBuilder.Create(name, files);
        }

        EnsureMSBuildRegistered();
        return await new WorkspaceOpener(_logger, diagnostics).OpenAsync(input, progress, cancellationToken).ConfigureAwait(false);
    }

    private static string Summarize(IReadOnlyList<LoadDiagnostic> diagnostics) =>
        diagnostics.Count == 0 ? string.Empty : "Problems: " + string.Join("; ", diagnostics.Take(3).Select(d => d.ToString())) + ". ";
}
