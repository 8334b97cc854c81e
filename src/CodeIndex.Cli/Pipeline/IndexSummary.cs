using CodeIndex.Loading;

namespace CodeIndex.Cli.Pipeline;

/// <summary>The outcome of one index run: counts, load problems and time per phase (printed at the end of <c>index</c>).</summary>
internal sealed record IndexSummary(
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
    double CopyRowsPerSecond);

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
