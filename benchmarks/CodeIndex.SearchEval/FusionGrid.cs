using CodeIndex.Query;

namespace CodeIndex.SearchEval;

/// <summary>A small, fixed set of hybrid settings around the defaults, to see which levers move recall (one change at a time).</summary>
internal static class FusionGrid
{
    public static IEnumerable<(string Label, FusionOptions Options)> Variants()
    {
        var d = FusionOptions.Default;
        yield return ("default", d);
        yield return ("no owner share", d with { OwnerShare = 0 });
        yield return ("no owner share, no insertion", d with { OwnerShare = 0, InsertOwnersWithin = 0 });
        yield return ("no owner insertion", d with { InsertOwnersWithin = 0 });
        yield return ("candidates 50", d with { CandidateFactor = 5, MinCandidates = 50 });
        yield return ("k=30", d with { RrfK = 30 });
        yield return ("semantic w=0.7", d with { SemanticWeight = 0.7 });
        yield return ("no semantic list", d with { SemanticWeight = 0 });
        yield return ("no synonyms", d with { SynonymBoost = 0 });
        yield return ("synonyms 1.0", d with { SynonymBoost = 1 });
        yield return ("no graph boosts", d with { PublicBoost = 0, ReferenceBoost = 0 });
        yield return ("doc weight 1.0", d with { RankWeights = [d.RankWeights[0], d.RankWeights[1], 1.0f, d.RankWeights[3]] });
    }
}
