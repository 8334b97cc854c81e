using CodeIndex.Extraction;
using CodeIndex.Storage.Writing;

namespace CodeIndex.Watch.Indexing;

/// <summary>What one graph write did: the commit's counts, the documents extracted and skipped, and time per phase.</summary>
public sealed record GraphWriteResult(
    CommitResult Commit,
    int Documents,
    IReadOnlyList<SkippedDocument> Skipped,
    TimeSpan ExtractTime,
    TimeSpan BindTime,
    TimeSpan WalkTime);
