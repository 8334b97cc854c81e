using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;
using Microsoft.Extensions.Logging;

namespace CodeIndex.Loading;

/// <summary>Creates the <see cref="MSBuildWorkspace"/> and opens a solution or project files into it, reporting failures instead of stopping.</summary>
internal sealed partial class WorkspaceOpener(ILogger logger, DiagnosticCollector diagnostics)
{
    internal const string NotCSharpMessage = "Skipped a project that is not C# (only C# is indexed)";

    /// <summary>Global MSBuild properties for every project.</summary>
    /// <remarks>
    /// <c>EmitAssetsLogMessages=false</c> keeps the references that did resolve when a restore is partial (otherwise a project can
    /// load with no references at all); <c>TreatWarningsAsErrors=false</c> and an empty <c>WarningsAsErrors</c> stop promoted warnings
    /// from making projects look broken; <c>DesignTimeBuild</c> and <c>SkipCompilerExecution</c> make sure nothing is compiled.
    /// </remarks>
    internal static readonly Dictionary<string, string> GlobalProperties = new()
    {
        ["EmitAssetsLogMessages"] = "false",
        ["TreatWarningsAsErrors"] = "false",
        ["WarningsAsErrors"] = string.Empty,
        ["DesignTimeBuild"] = "true",
        ["SkipCompilerExecution"] = "true",
        ["ProvideCommandLineArgs"] = "true",
    };

    public async Task<MSBuildWorkspace> OpenAsync(ResolvedInput input, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var workspace = MSBuildWorkspace.Create(GlobalProperties);
        // Roslyn 5.x: the WorkspaceFailed event is obsolete; the handler registration lives as long as the workspace.
        _ = workspace.RegisterWorkspaceFailedHandler(OnWorkspaceFailed);
        var loadProgress = progress is null ? null : new LoadProgress(progress);
        try
        {
            if (input.Kind == InputKind.Solution)
            {
                await OpenSolutionAsync(workspace, input.Path, loadProgress, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await OpenProjectsAsync(workspace, input.Files, loadProgress, cancellationToken).ConfigureAwait(false);
            }

            return workspace;
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    private async Task OpenSolutionAsync(MSBuildWorkspace workspace, string path, LoadProgress? progress, CancellationToken cancellationToken)
    {
        try
        {
            await workspace.OpenSolutionAsync(path, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            diagnostics.AddError($"The solution could not be opened: {ex.Message}", path);
        }
    }

    private async Task OpenProjectsAsync(MSBuildWorkspace workspace, IReadOnlyList<string> paths, LoadProgress? progress, CancellationToken cancellationToken)
    {
        var openable = new List<string>();
        foreach (var path in paths)
        {
            if (!InputResolver.IsCSharpProject(path))
            {
                diagnostics.AddWarning(NotCSharpMessage, path);
            }
            else if (!File.Exists(path))
            {
                diagnostics.AddWarning("Project listed in the solution does not exist", path);
            }
            else
            {
                openable.Add(path);
            }
        }

        if (openable.Count == 1)
        {
            try
            {
                await workspace.OpenProjectAsync(openable[0], progress, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                diagnostics.AddError($"The project could not be opened: {ex.Message}", openable[0]);
            }
        }
        else if (openable.Count > 1)
        {
            using var solution = TemporarySolution.Create(openable);
            await OpenSolutionAsync(workspace, solution.Path, progress, cancellationToken).ConfigureAwait(false);
        }
    }

    private void OnWorkspaceFailed(WorkspaceDiagnosticEventArgs e)
    {
        Log.WorkspaceMessage(logger, e.Diagnostic.Message);

        // A .vbproj/.fsproj in a .sln fails with "Cannot open project '…' because the language '…' is not supported": not an error for us.
        var project = ProjectPathInMessage().Match(e.Diagnostic.Message);
        if (project.Success && !InputResolver.IsCSharpProject(project.Value))
        {
            diagnostics.AddWarning(NotCSharpMessage, project.Value);
            return;
        }

        var severity = e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure ? LoadDiagnostic.Error : LoadDiagnostic.Warning;
        diagnostics.Add(severity, e.Diagnostic.Message);
    }

    [GeneratedRegex(@"(?<=')[^']+\.(?:vbproj|fsproj)(?=')", RegexOptions.IgnoreCase)]
    private static partial Regex ProjectPathInMessage();

    /// <summary>Turns Roslyn's per-project progress into one line of text.</summary>
    private sealed class LoadProgress(IProgress<string> inner) : IProgress<ProjectLoadProgress>
    {
        public void Report(ProjectLoadProgress value)
        {
            var framework = value.TargetFramework is null ? string.Empty : $" ({value.TargetFramework})";
            inner.Report($"{value.Operation} {Path.GetFileName(value.FilePath)}{framework} in {value.ElapsedTime.TotalMilliseconds:0} ms");
        }
    }
}
