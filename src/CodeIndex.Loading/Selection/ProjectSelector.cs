using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace CodeIndex.Loading;

/// <summary>Picks, for every project file, the preferred target framework instance and assigns each source file to exactly one instance.</summary>
/// <remarks>
/// Preferred instance = the one matching <see cref="LoadOptions.Framework"/>, else the newest framework among those with the fewest
/// compile errors. Files are assigned in three passes so that each is indexed once: (1) preferred instances take their files under
/// their own project folder, (2) preferred instances take their remaining (linked) files, (3) other instances take files nobody took
/// (e.g. files included only for one framework).
/// </remarks>
internal sealed class ProjectSelector(string? framework, DocumentFilter filter, DiagnosticCollector diagnostics, ILogger logger)
{
    internal const string NotEvaluated = "Skipped a project that MSBuild could not evaluate (no output path, no documents)";

    internal const string FrameworkNotTargeted = "The requested target framework is not targeted by this project; its preferred target framework was used";

    public async Task<IReadOnlyList<ProjectToIndex>> SelectAsync(Solution solution, CancellationToken cancellationToken)
    {
        var csharp = new List<Project>();
        foreach (var project in solution.Projects)
        {
            if (project.Language != LanguageNames.CSharp)
            {
                diagnostics.AddWarning(WorkspaceOpener.NotCSharpMessage, project.FilePath ?? project.Name);
            }
            else if (project.FilePath is not null && project.OutputFilePath is null && !project.DocumentIds.Any())
            {
                // MSBuildWorkspace adds an empty placeholder for a project file it failed to load (the reason came through WorkspaceFailed).
                diagnostics.AddError(NotEvaluated, project.FilePath);
            }
            else
            {
                csharp.Add(project);
            }
        }

        var errors = await CountErrorsAsync(csharp, cancellationToken).ConfigureAwait(false);
        var groups = csharp
            .Select(p => ProjectInstance.Create(p, errors[p.Id]))
            .GroupBy(i => i.Project.FilePath ?? i.Project.Id.ToString(), PathUtil.Comparer)
            .Select(g => g.OrderBy(i => i.CompileErrorCount).ThenByDescending(i => i.TargetFramework, Comparer<string?>.Create(TargetFrameworks.Compare)).ToList())
            .ToList();

        var preferred = new List<ProjectInstance>();
        var others = new List<ProjectInstance>();
        foreach (var instances in groups)
        {
            var chosen = Choose(instances);
            preferred.Add(chosen);
            others.AddRange(instances.Where(i => i != chosen));
            if (instances.Count > 1)
            {
                Log.TargetFrameworkChosen(logger, chosen.Name, chosen.TargetFramework, instances.Count, chosen.CompileErrorCount);
            }
        }

        var assigned = new HashSet<DocumentId>();
        var taken = new HashSet<string>(PathUtil.Comparer);
        foreach (var instance in preferred)
        {
            var projectFolder = Path.GetDirectoryName(instance.Project.FilePath);
            Take(instance, d => projectFolder is null || (d.FilePath is not null && PathUtil.IsUnder(Path.GetFullPath(d.FilePath), projectFolder)));
        }

        foreach (var instance in preferred.Concat(others))
        {
            Take(instance, _ => true);
        }

        return preferred
            .Select(i => ToResult(i, assigned))
            .Concat(others.Select(i => ToResult(i, assigned)).Where(r => r.Documents.Count > 0))
            .ToList();

        void Take(ProjectInstance instance, Func<Document, bool> predicate)
        {
            foreach (var document in instance.Project.Documents)
            {
                if (!assigned.Contains(document.Id) && predicate(document) && filter.Accept(document.FilePath) is { } key && taken.Add(key))
                {
                    assigned.Add(document.Id);
                }
            }
        }
    }

    private ProjectInstance Choose(List<ProjectInstance> instances)
    {
        if (framework is null)
        {
            return instances[0];
        }

        var requested = instances.FirstOrDefault(i => TargetFrameworks.Matches(i.TargetFramework, framework));
        if (requested is not null)
        {
            return requested;
        }

        if (instances.Any(i => i.TargetFramework is not null))
        {
            diagnostics.AddWarning(FrameworkNotTargeted, instances[0].Project.FilePath);
        }

        return instances[0];
    }

    private static ProjectToIndex ToResult(ProjectInstance instance, HashSet<DocumentId> assigned) =>
        new(
            instance.Project,
            instance.Name,
            instance.Project.AssemblyName,
            instance.TargetFramework,
            instance.Project.DocumentIds.Where(assigned.Contains).ToList(),
            instance.CompileErrorCount);

    /// <summary>Computes every compilation once (the workspace caches it for extraction) and counts its errors.</summary>
    private static async Task<ConcurrentDictionary<ProjectId, int>> CountErrorsAsync(List<Project> projects, CancellationToken cancellationToken)
    {
        var errors = new ConcurrentDictionary<ProjectId, int>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(projects, options, async (project, ct) =>
        {
            var compilation = await project.GetCompilationAsync(ct).ConfigureAwait(false);
            errors[project.Id] = compilation is null ? 0 : CompileErrorCounter.Count(compilation, ct);
        }).ConfigureAwait(false);
        return errors;
    }
}
