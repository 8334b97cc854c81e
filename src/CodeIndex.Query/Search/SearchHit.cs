namespace CodeIndex.Query;

/// <summary>One search result: the symbol and its score.</summary>
/// <param name="Score">Higher is better; comparable only within one response. Exact: 1. Full-text: weighted, IDF-scaled
/// <c>ts_rank</c>. Semantic: cosine similarity (−1..1). Hybrid: reciprocal-rank fusion sum times graph boosts; an owning type
/// inserted after a member carries that member's score.</param>
public sealed record SearchHit(SymbolInfo Symbol, double Score);
