namespace CodeIndex.Query;

/// <summary>Tuning of hybrid ranking and full-text weights; the defaults are what <c>benchmarks/CodeIndex.SearchEval</c> measured best.</summary>
internal sealed record FusionOptions
{
    public static FusionOptions Default { get; } = new();

    /// <summary>Reciprocal-rank fusion constant k in w / (k + rank) (<see cref="FusionMethod.Rrf"/> only).</summary>
    public double RrfK { get; init; } = 40;

    /// <summary>Weight of the exact-name list (a query that names a symbol should find it first).</summary>
    public double ExactWeight { get; init; } = 3;

    /// <summary>Weight of the full-text list of the query's own words.</summary>
    public double FulltextWeight { get; init; } = 1;

    /// <summary>Weight of the nearest-neighbour list: about a third of the full-text list's, since USE-lite alone answers few code questions.</summary>
    public double SemanticWeight { get; init; } = 0.35;

    /// <summary>How the lists are combined: reciprocal ranks (<see cref="FusionMethod.Rrf"/>) or min-max normalised scores (<see cref="FusionMethod.Scores"/>).</summary>
    public FusionMethod Method { get; init; } = FusionMethod.Scores;

    /// <summary>Multiplier of the fused score of test and benchmark code (<see cref="SupportCode"/>); 1 = no demotion.</summary>
    public double SupportCodeFactor { get; init; } = 0.5;

    /// <summary>Boost of a synonym term relative to a query word inside full-text scoring.</summary>
    public float SynonymBoost { get; init; } = 0.5f;

    /// <summary>Candidates taken from each list: max(limit × this, <see cref="MinCandidates"/>).</summary>
    public int CandidateFactor { get; init; } = 10;

    public int MinCandidates { get; init; } = 100;

    /// <summary>HNSW candidate list per neighbour of the hybrid semantic list (<c>VectorSearch.CandidateListFactor</c>; semantic mode keeps the default 2).</summary>
    public double SemanticCandidateListFactor { get; init; } = 1;

    /// <summary>Multiplier bonus for public symbols.</summary>
    public double PublicBoost { get; init; } = 0.05;

    /// <summary>Multiplier bonus per ln(1 + incoming references).</summary>
    public double ReferenceBoost { get; init; } = 0.03;

    /// <summary><c>ts_rank</c> weights of vector parts {D body words, C declaring type, B doc summary, A name} (migrations 006 and 008).</summary>
    /// <remarks>Body words weigh as much as names and docs: chosen on the 196 tuning questions (D 0.05 → 1.0: recall 0.83 → 0.93).</remarks>
    public float[] RankWeights { get; init; } = [1.0f, 0.3f, 1.0f, 1.0f];

    /// <summary><c>ts_rank</c> normalization flags (1 = divide by 1 + log(length)).</summary>
    public int RankNormalization { get; init; } = 1;

    /// <summary>A member among the first N hits gets its owning type inserted right after it when the type is not listed yet; 0 = never.</summary>
    public int InsertOwnersWithin { get; init; } = 0;

    /// <summary>A type among the first N hits gets its best-scoring member candidate inserted right after it when the member is not listed yet; 0 = never.</summary>
    public int InsertBestMemberWithin { get; init; } = 5;

    /// <summary>Share of its best member's score that an owning type gains (types stand in for their members); 0 = none.</summary>
    public double OwnerShare { get; init; } = 0.3;

    /// <summary>Full-text: when the query's terms match at most this many symbols in all (sum of their document frequencies),
    /// every match is ranked; above it, candidates are bounded by <see cref="FulltextCandidateBudget"/>. Default 500, the candidate budget, so no
    /// query ranks more than about 500 symbols (it was 2,000: on a 5k-symbol repository long questions then ranked ~1,100 matches, and full text
    /// took p50 / p95 11.3 / 18.4 ms instead of 6.9 / 10.3 with recall unchanged on the tuning sets; docs/benchmarks.md, session 6).</summary>
    public int FulltextExactBudget { get; init; } = 500;

    /// <summary>Full-text above <see cref="FulltextExactBudget"/>: at most this many symbols are ranked, taken from every match of the rarest
    /// terms (up to half of it), then from symbols that match all of the other query words, then two of the four rarest others, then the rarest other.</summary>
    public int FulltextCandidateBudget { get; init; } = 500;

    /// <summary>Nearest neighbours the hybrid semantic list asks for: max(limit × this, <see cref="MinSemanticCandidates"/>). 50 found what 100 did
    /// on the 146 evaluation questions (fewer lost one), at half the HNSW work, the longest step at 100k vectors.</summary>
    public int SemanticCandidateFactor { get; init; } = 5;

    public int MinSemanticCandidates { get; init; } = 50;

    public int CandidateCount(int limit) => Math.Max(limit * CandidateFactor, MinCandidates);

    public int SemanticCandidateCount(int limit) => Math.Max(limit * SemanticCandidateFactor, MinSemanticCandidates);
}

/// <summary>How hybrid search combines its ranked lists.</summary>
internal enum FusionMethod
{
    /// <summary>Weighted reciprocal-rank fusion: weight / (k + rank).</summary>
    Rrf,

    /// <summary>Weighted sum of each list's scores scaled to [0, 1] by the list's own minimum and maximum.</summary>
    Scores,
}
