using CodeIndex.Query;

namespace CodeIndex.SearchEval;

/// <summary>Hybrid settings around the defaults, to see which levers move recall: single changes, then a grid over the main levers.</summary>
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
        yield return ("no semantic list", d with { SemanticWeight = 0 });
        yield return ("no synonyms", d with { SynonymBoost = 0 });
        yield return ("synonyms 1.0", d with { SynonymBoost = 1 });
        yield return ("no graph boosts", d with { PublicBoost = 0, ReferenceBoost = 0 });
        yield return ("doc weight 1.0", d with { RankWeights = [d.RankWeights[0], d.RankWeights[1], 1.0f, d.RankWeights[3]] });
        yield return ("no support-code demotion", d with { SupportCodeFactor = 1 });
        yield return ("support code x0.3", d with { SupportCodeFactor = 0.3 });
        yield return ("semantic w=0.15", d with { SemanticWeight = 0.15 });
        yield return ("semantic w=0.35", d with { SemanticWeight = 0.35 });
        yield return ("semantic w=1 (session 2)", d with { SemanticWeight = 1 });
        yield return ("k=60", d with { RrfK = 60 });
        yield return ("k=20", d with { RrfK = 20 });
        yield return ("session 2 defaults (k=60, semantic 1, no demotion)", d with { RrfK = 60, SemanticWeight = 1, SupportCodeFactor = 1 });
        yield return ("score fusion, semantic 0.5", d with { Method = FusionMethod.Scores, SemanticWeight = 0.5 });
        yield return ("score fusion, semantic 0.35", d with { Method = FusionMethod.Scores, SemanticWeight = 0.35 });
    }
}
