using System.Text;
using CodeIndex.Extraction.Records;
using CodeIndex.Loading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CodeIndex.Watch.Incremental;

/// <summary>
/// Applies a batch of changed source files to the warm workspace — new texts, added files (when MSBuild compiles them) and
/// deleted ones — and says which documents the write must replace (<see cref="DependentDocuments"/>).
/// </summary>
internal sealed class ChangeApplier(WarmWorkspace workspace, DocumentFilter filter)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>New files MSBuild does not compile, not asked again until the projects are reloaded (a new applier).</summary>
    private readonly HashSet<string> _notCompiled = new(StringComparer.Ordinal);

    /// <summary>True when MSBuild said the file is not compiled (since the last reload).</summary>
    public bool IsKnownNotCompiled(string path) => _notCompiled.Contains(path);

    /// <summary>Applies the files' current state; problems (unreadable, invalid UTF-8, MSBuild failures) keep the previous state of the file.</summary>
    public async Task<AppliedChanges> ApplyAsync(IReadOnlyCollection<string> sourceFiles, CancellationToken cancellationToken)
    {
        var changes = new List<DocumentChange>();
        var problems = new List<FileProblem>();
        var added = new List<string>();
        foreach (var path in sourceFiles.Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var before = workspace.Current.GetDocumentIdsWithFilePath(path);
            var accepted = File.Exists(path) ? filter.Accept(path) : null;
            if (accepted is null)
            {
                if (File.Exists(path) && filter.LastReason is { } reason)
                {
                    problems.Add(new FileProblem(path, reason));
                }

                if (!before.IsEmpty)
                {
                    var old = await ShapeAsync(workspace.Current.GetDocument(before[0]), cancellationToken).ConfigureAwait(false);
                    workspace.Remove(path);
                    changes.Add(new DocumentChange(path, [.. before.Select(d => d.ProjectId)], DeclarationShape.Compare(old, null)));
                }

                continue;
            }

            SourceText text;
            try
            {
                text = Read(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException)
            {
                problems.Add(new FileProblem(path, ex is DecoderFallbackException
                    ? "not valid UTF-8: its previous index is kept until it is fixed"
                    : $"unreadable ({ex.GetType().Name}: {ex.Message}): its previous index is kept"));
                continue;
            }

            if (!before.IsEmpty)
            {
                var document = workspace.Current.GetDocument(before[0])!;
                var oldText = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                if (oldText.ContentEquals(text))
                {
                    continue;
                }

                var old = await ShapeAsync(document, cancellationToken).ConfigureAwait(false);
                workspace.SetText(path, text);
                var current = await ShapeAsync(workspace.Current.GetDocument(before[0]), cancellationToken).ConfigureAwait(false);
                changes.Add(new DocumentChange(path, [.. before.Select(d => d.ProjectId)], DeclarationShape.Compare(old, current)));
                continue;
            }

            if (_notCompiled.Contains(path))
            {
                continue;
            }

            var problemsBefore = problems.Count;
            var compiling = await CompilingInstancesAsync(path, problems, cancellationToken).ConfigureAwait(false);
            if (compiling.Count == 0)
            {
                if (problems.Count == problemsBefore)
                {
                    _notCompiled.Add(path); // MSBuild answered "not compiled" (not "could not evaluate")
                }

                continue;
            }

            workspace.Add(path, text, compiling);
            added.Add(path);
            var shape = await ShapeAsync(workspace.Current.GetDocumentIdsWithFilePath(path).Select(workspace.Current.GetDocument).FirstOrDefault(), cancellationToken).ConfigureAwait(false);
            changes.Add(new DocumentChange(path, compiling, DeclarationShape.Compare(null, shape)));
        }

        var dependents = await DependentDocuments.FindAsync(workspace, changes, cancellationToken).ConfigureAwait(false);
        return new AppliedChanges(changes, dependents, added, problems);
    }

    /// <summary>The file's text as the watch indexes it: BOM-detected (UTF-8, UTF-16, UTF-32), otherwise strict UTF-8.</summary>
    internal static SourceText Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, StrictUtf8, detectEncodingFromByteOrderMarks: true);
        var content = reader.ReadToEnd();
        return SourceText.From(content, reader.CurrentEncoding, SourceHashAlgorithm.Sha256);
    }

    /// <summary>The project instances that compile a new file, by MSBuild's evaluation of each project file whose folder holds it.</summary>
    private async Task<IReadOnlyCollection<ProjectId>> CompilingInstancesAsync(string path, List<FileProblem> problems, CancellationToken cancellationToken)
    {
        var result = new List<ProjectId>();
        foreach (var group in workspace.ProjectsContaining(path).GroupBy(p => p.Project.FilePath!, StringComparer.Ordinal))
        {
            try
            {
                var items = await CompileItems.EvaluateAsync(group.Key, group.First().TargetFramework, cancellationToken).ConfigureAwait(false);
                if (items.Contains(path))
                {
                    result.AddRange(workspace.Instances(group.Key).Select(p => p.Id));
                }
            }
            catch (InvalidOperationException ex)
            {
                problems.Add(new FileProblem(path, ex.Message));
            }

            if (result.Count > 0)
            {
                break; // the innermost project that compiles it owns it
            }
        }

        return result;
    }

    private static async Task<DeclarationShape?> ShapeAsync(Document? document, CancellationToken cancellationToken) =>
        document is null || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
            ? null
            : DeclarationShape.Compute(root, cancellationToken);
}

/// <summary>A file the batch could not take (its previous state is kept) and why.</summary>
internal sealed record FileProblem(string Path, string Reason);

/// <summary>What a batch changed in the workspace, the documents to write, added files, and problems.</summary>
internal sealed record AppliedChanges(IReadOnlyList<DocumentChange> Changes, DependentResult Dependents, IReadOnlyList<string> Added, IReadOnlyList<FileProblem> Problems);
