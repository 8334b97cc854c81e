using System.Runtime.CompilerServices;
using CodeIndex.Core.Model;
using CodeIndex.Extraction.Records;
using CodeIndex.Extraction.Run;
using CodeIndex.Extraction.Walking;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeIndex.Extraction;

/// <summary>
/// Extracts symbols and relationships from Roslyn projects, streaming one batch per document (in the targets' document order)
/// and, after each project, one batch of referenced symbols declared outside the processed documents (metadata, implicit members).
/// </summary>
public sealed partial class SymbolExtractor(string repositoryRoot, ILogger<SymbolExtractor>? logger = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Counters of the runs of this instance (cumulative).</summary>
    public ExtractionStats Stats { get; } = new();

    /// <summary>Documents walked concurrently per project; results are still emitted in document order.</summary>
    internal int MaxDegreeOfParallelism { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 2);

    public IAsyncEnumerable<ExtractionBatch> ExtractAsync(IReadOnlyList<ExtractionTarget> targets, CancellationToken cancellationToken = default) =>
        ExtractAsync(targets, null, cancellationToken);

    /// <summary>Extracts <paramref name="targets"/>; <paramref name="allProjects"/> maps the assembly name of every project of the
    /// repository to its project name (when the targets are only some documents of it), so that a symbol of a project outside the
    /// targets is named after its own project.</summary>
    public IAsyncEnumerable<ExtractionBatch> ExtractAsync(
        IReadOnlyList<ExtractionTarget> targets,
        IReadOnlyDictionary<string, string>? allProjects,
        CancellationToken cancellationToken = default) =>
        ExtractAsync(targets, allProjects, null, cancellationToken);

    /// <summary>As <see cref="ExtractAsync(IReadOnlyList{ExtractionTarget}, IReadOnlyDictionary{string, string}?, CancellationToken)"/>;
    /// <paramref name="stored"/> are symbols the index holds that the write will replace (a document-scoped write: those with a
    /// location in its documents): each one that still exists in a target's compilation is emitted even when no extracted document
    /// declares or references it.</summary>
    public async IAsyncEnumerable<ExtractionBatch> ExtractAsync(
        IReadOnlyList<ExtractionTarget> targets,
        IReadOnlyDictionary<string, string>? allProjects,
        IReadOnlyCollection<SymbolRef>? stored,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var paths = new RepositoryPaths(repositoryRoot);
        var projects = ProjectsByAssembly(targets);
        foreach (var (assembly, project) in allProjects ?? new Dictionary<string, string>())
        {
            projects.TryAdd(assembly, project);
        }

        var run = new ExtractionRun(paths, RunDocumentPaths(targets, paths), projects, cancellationToken);
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            var compilation = await GetCompilationAsync(target.Project, cancellationToken).ConfigureAwait(false);
            if (compilation is null)
            {
                foreach (var id in target.Documents)
                {
                    Skip(target.Project.GetDocument(id)?.FilePath, "project has no C# compilation");
                }

                continue;
            }

            var scope = new ProjectScope(compilation, target.ProjectName, LaterAssemblies(targets, i));
            await foreach (var facts in WalkDocumentsAsync(target, paths, cancellationToken).ConfigureAwait(false))
            {
                var batch = run.MergeDocument(facts, scope);
                scope.Documents++;
                Stats.AddDocument();
                Stats.AddSymbols(batch.Symbols.Count);
                Stats.AddRelationships(batch.Relationships.Count);
                yield return batch;
            }

            if (run.FinishProject(scope) is { } externals)
            {
                Stats.AddSymbols(externals.Symbols.Count);
                yield return externals;
            }

            Log.ProjectExtracted(_logger, target.ProjectName, scope.Documents, scope.Symbols, scope.Relationships);
        }

        if (stored is { Count: > 0 } && run.EmitStored(await ResolveStoredAsync(targets, stored, cancellationToken).ConfigureAwait(false)) is { } kept)
        {
            Stats.AddSymbols(kept.Symbols.Count);
            yield return kept;
        }

        if (run.FinishRun() is { } rest)
        {
            Stats.AddSymbols(rest.Symbols.Count);
            yield return rest;
        }
    }

    private static async Task<List<(ISymbol, SymbolRef, string)>> ResolveStoredAsync(
        IReadOnlyList<ExtractionTarget> targets, IReadOnlyCollection<SymbolRef> stored, CancellationToken cancellationToken)
    {
        var result = new List<(ISymbol, SymbolRef, string)>();
        foreach (var group in stored.GroupBy(s => s.AssemblyName, StringComparer.Ordinal))
        {
            var target = targets.FirstOrDefault(t => t.Project.AssemblyName == group.Key);
            if (target is null || await target.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false) is not { } compilation)
            {
                continue;
            }

            foreach (var id in group)
            {
                foreach (var candidate in DocumentationCommentId.GetSymbolsForDeclarationId(id.SymbolKey, compilation))
                {
                    var normalized = Identity.SymbolIdentity.Normalize(candidate);
                    if (normalized is not null && Records.SymbolClassifier.Kind(normalized) is not null
                        && Identity.SymbolIdentity.RefOf(normalized, compilation) == id)
                    {
                        result.Add((normalized, id, target.ProjectName));
                        break;
                    }
                }
            }
        }

        return result;
    }

    private async Task<Compilation?> GetCompilationAsync(Project project, CancellationToken cancellationToken)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var compilation = project.SupportsCompilation && project.Language == LanguageNames.CSharp
            ? await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
            : null;
        Stats.AddBinding(System.Diagnostics.Stopwatch.GetTimestamp() - start);
        return compilation;
    }

    private static HashSet<string> RunDocumentPaths(IReadOnlyList<ExtractionTarget> targets, RepositoryPaths paths)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            foreach (var id in target.Documents)
            {
                if (target.Project.GetDocument(id)?.FilePath is { } path)
                {
                    result.Add(paths.Relative(path));
                }
            }
        }

        return result;
    }

    private static Dictionary<string, string> ProjectsByAssembly(IReadOnlyList<ExtractionTarget> targets)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            result.TryAdd(target.Project.AssemblyName, target.ProjectName);
        }

        return result;
    }

    private static HashSet<string> LaterAssemblies(IReadOnlyList<ExtractionTarget> targets, int current)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        for (var i = current + 1; i < targets.Count; i++)
        {
            result.Add(targets[i].Project.AssemblyName);
        }

        return result;
    }
}
