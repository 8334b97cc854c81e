using System.Collections.Concurrent;
using System.Diagnostics;

namespace CodeIndex.Extraction;

/// <summary>Counters of one extraction run: documents, emitted symbols and relationships, skipped documents with reasons, and time spent binding vs walking.</summary>
public sealed class ExtractionStats
{
    private readonly ConcurrentQueue<SkippedDocument> _skipped = new();
    private int _documents;
    private int _symbols;
    private int _relationships;
    private long _bindingTicks;
    private long _walkingTicks;

    /// <summary>Documents walked successfully.</summary>
    public int Documents => Volatile.Read(ref _documents);

    /// <summary>Symbol records emitted (source and external).</summary>
    public int Symbols => Volatile.Read(ref _symbols);

    /// <summary>Relationship occurrences emitted.</summary>
    public int Relationships => Volatile.Read(ref _relationships);

    /// <summary>Documents that could not be read or walked, with the reason.</summary>
    public IReadOnlyList<SkippedDocument> SkippedDocuments => [.. _skipped];

    /// <summary>Time inside Roslyn: getting syntax root and semantic model, and every GetSymbolInfo/GetDeclaredSymbol call (summed over parallel workers).</summary>
    public TimeSpan BindingTime => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _bindingTicks));

    /// <summary>Time walking syntax trees, excluding <see cref="BindingTime"/> (summed over parallel workers).</summary>
    public TimeSpan WalkingTime => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _walkingTicks));

    internal void AddDocument() => Interlocked.Increment(ref _documents);

    internal void AddSymbols(int count) => Interlocked.Add(ref _symbols, count);

    internal void AddRelationships(int count) => Interlocked.Add(ref _relationships, count);

    internal void AddSkipped(string? path, string reason) => _skipped.Enqueue(new SkippedDocument(path, reason));

    internal void AddBinding(long ticks) => Interlocked.Add(ref _bindingTicks, ticks);

    internal void AddWalking(long ticks) => Interlocked.Add(ref _walkingTicks, ticks);
}

/// <summary>A document that was skipped and why (e.g. "unreadable: FileNotFoundException: …").</summary>
public sealed record SkippedDocument(string? FilePath, string Reason);
