using CodeIndex.Loading;

namespace CodeIndex.Cli.Pipeline;

/// <summary>The outcome of one index run: counts, load problems and time per phase (printed at the end of <c>index</c>).</summary>
internal sealed record IndexSummary(
    long RepositoryId,
    string Repository,
    string RootPath,
    int Projects,
    int Documents,
    int SkippedDocuments,
    long Symbols,
    long SymbolsInserted,
    long SymbolsUpdated,
    long SymbolsDeleted,
    long Relationships,
    long DroppedEdges,
    int LoadErrors,
    int LoadWarnings,
    int CompileErrors,
    IReadOnlyList<LoadDiagnostic> Diagnostics,
    IReadOnlyList<string> Skipped,
    PhaseTimes Times,
    double CopyRowsPerSecond)
{
    /// <summary>What the run replaced: "repository", or the projects (and document count) of a project-scoped run.</summary>
    public string Replaced { get; init; } = "repository";

    /// <summary>Set when embeddings ran (not with --no-embed).</summary>
    public EmbeddingSummary? Embeddings { get; init; }

    /// <summary><c>ok</c>, or <c>load_errors</c> when projects did not load (the rest is indexed); with <c>--fail-on-load-errors</c> the exit code is then 3.</summary>
    public string Status => LoadErrors > 0 ? "load_errors" : "ok";

    /// <summary>The process exit code this run ends with (0, or 3 for load errors under <c>--fail-on-load-errors</c> / <c>--ci</c>).</summary>
    public int ExitCode { get; init; }

    /// <summary>Set when a ChromaDB URL is configured.</summary>
    public ChromaSummary? Chroma { get; init; }
}

/// <summary>What the embedding step did: unchanged texts cost nothing (<see cref="Embedded"/> counts computed texts only).</summary>
internal sealed record EmbeddingSummary(string Model, int Dimension, int Symbols, int Embedded, int ReusedFromCache, int Unchanged, int Pending, double Seconds, double TextsPerSecond);

/// <summary>The ChromaDB mirror after the run: documents still waiting in the outbox (synced later by 'codeindex chroma sync').</summary>
internal sealed record ChromaSummary(string Url, long PendingInOutbox);

/// <summary>Wall-clock time per phase of an index run; <see cref="Bind"/> and <see cref="Walk"/> split extraction (summed over workers).</summary>
internal sealed record PhaseTimes(
    TimeSpan Database,
    TimeSpan Restore,
    TimeSpan Load,
    TimeSpan Extract,
    TimeSpan Bind,
    TimeSpan Walk,
    TimeSpan Copy,
    TimeSpan Merge,
    TimeSpan Total);
