namespace CodeIndex.Query;

/// <summary>How <see cref="SymbolSearchService"/> matches a query (CLI <c>--mode</c>).</summary>
public enum SearchMode
{
    /// <summary>Reciprocal-rank fusion of lexical and semantic results, one entry per overload group, owning types inserted (default).</summary>
    Hybrid,

    /// <summary>Case-insensitive equality on the short name or the qualified name.</summary>
    Exact,

    /// <summary>PostgreSQL full-text search (english stemming) over identifier words, doc summaries, declaring type and signature.</summary>
    Fulltext,

    /// <summary>Nearest neighbours of the query's embedding (falls back to full-text search while no vectors exist).</summary>
    Semantic,
}
