using System.Diagnostics;
using System.Runtime.CompilerServices;
using CodeIndex.Extraction.Records;
using CodeIndex.Extraction.Walking;
using Microsoft.CodeAnalysis;

namespace CodeIndex.Extraction;

/// <summary>Reading and walking documents: up to <see cref="MaxDegreeOfParallelism"/> at once, results in document order, unreadable ones skipped.</summary>
public sealed partial class SymbolExtractor
{
    /// <summary>Documents queued per worker ahead of the one the consumer waits for (bounds the facts held in memory).</summary>
    private const int WindowPerWorker = 4;

    private async IAsyncEnumerable<DocumentFacts> WalkDocumentsAsync(
        ExtractionTarget target,
        RepositoryPaths paths,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // At most MaxDegreeOfParallelism documents are walked at once, but a few more are queued behind them: results are
        // consumed in document order, and with only MaxDegreeOfParallelism in flight a worker that finished a small document
        // sat idle until the (large) head document was done.
        using var workers = new SemaphoreSlim(MaxDegreeOfParallelism, MaxDegreeOfParallelism);
        var window = MaxDegreeOfParallelism * WindowPerWorker;
        var inFlight = new Queue<Task<DocumentFacts?>>();
        var next = 0;
        try
        {
            while (next < target.Documents.Count || inFlight.Count > 0)
            {
                while (next < target.Documents.Count && inFlight.Count < window)
                {
                    var documentId = target.Documents[next++];
                    inFlight.Enqueue(Task.Run(
                        async () =>
                        {
                            await workers.WaitAsync(stop.Token).ConfigureAwait(false);
                            try
                            {
                                return await WalkDocumentAsync(target.Project, documentId, paths, stop.Token).ConfigureAwait(false);
                            }
                            finally
                            {
                                workers.Release();
                            }
                        },
                        stop.Token));
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
            var model = await GetSemanticModelAsync(document, root, cancellationToken).ConfigureAwait(false);
            Stats.AddBinding(Stopwatch.GetTimestamp() - start);
            if (root is null || model is null)
            {
                Skip(path, "not a C# document (no syntax tree)");
                return null;
            }

            var facts = DocumentWalker.Walk(model, root, path, cancellationToken);
            facts.ContentHash = Convert.ToHexStringLower(text.GetContentHash().AsSpan());
            facts.ShapeHash = DeclarationShape.Compute(root, cancellationToken).Hash;
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

    /// <summary>
    /// The document's semantic model without nullable analysis: we only ask which definitions nodes bind to, and nullable
    /// annotations never change a definition (identities are documentation IDs of original definitions). With it, the model
    /// runs the nullable walker over every member body and rewrites the bound tree (about 20% of binding, measured with
    /// tests/CodeIndex.Extraction.Tests/Harness); the output on this repository is byte-identical either way.
    /// </summary>
    private static async Task<SemanticModel?> GetSemanticModelAsync(Document document, SyntaxNode? root, CancellationToken cancellationToken)
    {
        if (root is null)
        {
            return null;
        }

        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null || !compilation.ContainsSyntaxTree(root.SyntaxTree))
        {
            return await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        }

        // Experimental since Roslyn 4.9 (dotnet/roslyn#70609) but stable in the pinned 4.14 package; revisit on upgrade.
#pragma warning disable RSEXPERIMENTAL001
        return compilation.GetSemanticModel(root.SyntaxTree, SemanticModelOptions.DisableNullableAnalysis);
#pragma warning restore RSEXPERIMENTAL001
    }

    private void Skip(string? path, string reason)
    {
        Stats.AddSkipped(path, reason);
        Log.DocumentSkipped(_logger, path, reason);
    }
}
