using System.Diagnostics;
using System.Runtime.CompilerServices;
using CodeIndex.Extraction.Records;
using CodeIndex.Extraction.Walking;
using Microsoft.CodeAnalysis;

namespace CodeIndex.Extraction;

/// <summary>Reading and walking documents: up to <see cref="MaxDegreeOfParallelism"/> in flight, results in document order, unreadable ones skipped.</summary>
public sealed partial class SymbolExtractor
{
    private async IAsyncEnumerable<DocumentFacts> WalkDocumentsAsync(
        ExtractionTarget target,
        RepositoryPaths paths,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new Queue<Task<DocumentFacts?>>();
        var next = 0;
        try
        {
            while (next < target.Documents.Count || inFlight.Count > 0)
            {
                while (next < target.Documents.Count && inFlight.Count < MaxDegreeOfParallelism)
                {
                    var documentId = target.Documents[next++];
                    inFlight.Enqueue(Task.Run(() => WalkDocumentAsync(target.Project, documentId, paths, stop.Token), stop.Token));
                }

                var facts = await inFlight.Dequeue().ConfigureAwait(false);
                if (facts is not null)
                {
                    yield return facts;
                }
            }
        }
        finally
        {
            // The consumer stopped early or failed: cancel and drain the workers so none outlives the enumeration.
            await stop.CancelAsync().ConfigureAwait(false);
            while (inFlight.Count > 0)
            {
                try
                {
                    await inFlight.Dequeue().ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
    }

    private async Task<DocumentFacts?> WalkDocumentAsync(Project project, DocumentId documentId, RepositoryPaths paths, CancellationToken cancellationToken)
    {
        var document = project.GetDocument(documentId);
        if (document is null)
        {
            Skip(null, $"document {documentId.Id} is not in project {project.Name}");
            return null;
        }

        var path = paths.Relative(document.FilePath ?? document.Name);
        try
        {
            var start = Stopwatch.GetTimestamp();

            // Roslyn's file loader turns IOExceptions into an empty text (its load diagnostic is not public):
            // an empty document whose file no longer exists was deleted or unreadable, not empty.
            var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            if (text.Length == 0 && document.FilePath is { } filePath && Path.IsPathRooted(filePath) && !File.Exists(filePath))
            {
                Skip(path, "unreadable: file not found (deleted after loading?)");
                return null;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            Stats.AddBinding(Stopwatch.GetTimestamp() - start);
            if (root is null || model is null)
            {
                Skip(path, "not a C# document (no syntax tree)");
                return null;
            }

            var facts = DocumentWalker.Walk(model, root, path, cancellationToken);
            Stats.AddBinding(facts.BindingTicks);
            Stats.AddWalking(facts.TotalTicks - facts.BindingTicks);
            return facts;
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Skip(path, $"unreadable: {exception.GetType().Name}: {exception.Message}");
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.DocumentFailed(_logger, exception, path);
            Skip(path, $"failed: {exception.GetType().Name}: {exception.Message}");
            return null;
        }
    }

    private void Skip(string? path, string reason)
    {
        Stats.AddSkipped(path, reason);
        Log.DocumentSkipped(_logger, path, reason);
    }
}
