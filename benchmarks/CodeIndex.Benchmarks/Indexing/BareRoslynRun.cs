using System.Diagnostics;
using CodeIndex.Loading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace CodeIndex.Benchmarks.Indexing;

/// <summary>Roslyn's bare cost for an input: a fresh MSBuildWorkspace opens it, then every C# project gets <c>GetCompilationAsync</c> + <c>GetDiagnostics()</c> (binds every method body).</summary>
/// <remarks>
/// Same input resolution (.sln as is; a project list through a temporary .sln, as the loader does) and the same global MSBuild
/// properties as <c>WorkspaceOpener</c>, so the ratio measures our work on top of Roslyn, not a different evaluation. No restore.
/// </remarks>
internal static class BareRoslynRun
{
    public static async Task<BareResult> RunAsync(string inputPath, CancellationToken cancellationToken)
    {
        WorkspaceLoader.EnsureMSBuildRegistered();
        var input = InputResolver.Resolve(inputPath, cancellationToken);
        var total = Stopwatch.StartNew();
        using var workspace = MSBuildWorkspace.Create(WorkspaceOpener.GlobalProperties);
        var failures = 0;
        _ = workspace.RegisterWorkspaceFailedHandler(_ => Interlocked.Increment(ref failures));
        await OpenAsync(workspace, input, cancellationToken).ConfigureAwait(false);
        var openTime = total.Elapsed;

        var projects = 0;
        var documents = 0;
        var errors = 0;
        foreach (var project in workspace.CurrentSolution.Projects.Where(p => p.Language == LanguageNames.CSharp))
        {
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null)
            {
                continue;
            }

            projects++;
            documents += project.DocumentIds.Count;
            errors += compilation.GetDiagnostics(cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
        }

        total.Stop();
        return new BareResult(openTime, total.Elapsed - openTime, total.Elapsed, projects, documents, errors, failures);
    }

    private static async Task OpenAsync(MSBuildWorkspace workspace, ResolvedInput input, CancellationToken cancellationToken)
    {
        if (input.Kind == InputKind.Solution)
        {
            await workspace.OpenSolutionAsync(input.Path, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        var projects = input.Files.Where(InputResolver.IsCSharpProject).ToList();
        if (projects.Count == 1)
        {
            await workspace.OpenProjectAsync(projects[0], cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        if (projects.Count == 0)
        {
            throw new ArgumentException($"'{input.Path}' holds no C# project; the bare Roslyn baseline needs a solution or project.");
        }

        using var solution = TemporarySolution.Create(projects);
        await workspace.OpenSolutionAsync(solution.Path, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Timings and counts of one <see cref="BareRoslynRun"/>.</summary>
internal sealed record BareResult(TimeSpan Open, TimeSpan CompileAndDiagnose, TimeSpan Total, int Projects, int Documents, int Errors, int WorkspaceFailures);
