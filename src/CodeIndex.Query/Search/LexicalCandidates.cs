namespace CodeIndex.Query;

/// <summary>Hybrid's lexical lists, best first, and their symbols: candidates (with graph facts) and owning types (the candidates included).</summary>
internal sealed record LexicalCandidates(
    List<long> Exact,
    IReadOnlyList<(long Id, double Score)> Fulltext,
    Dictionary<long, SearchCandidate> Candidates,
    Dictionary<long, SearchCandidate> Owners);
