namespace CodeIndex.Query;

/// <summary>The results of one search, best first, and what the semantic side could contribute.</summary>
/// <param name="Mode">The mode that was asked for.</param>
/// <param name="Hits">At most <see cref="SearchRequest.Limit"/> results, best first (scores never increase down the list).</param>
/// <param name="PendingEmbeddings">Symbols in scope still awaiting their vector ("N symbols await embedding"); 0 when all are embedded.</param>
/// <param name="SemanticUsed">True when nearest-neighbour results took part; false when no vectors (or no embedder) were available,
/// in which case semantic and hybrid searches answered lexically.</param>
public sealed record SearchResponse(SearchMode Mode, IReadOnlyList<SearchHit> Hits, int PendingEmbeddings, bool SemanticUsed);
