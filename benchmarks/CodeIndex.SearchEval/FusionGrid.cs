using CodeIndex.Query;

namespace CodeIndex.SearchEval;

/// <summary>Hybrid settings around the defaults, one change at a time, to see which levers move recall; and the session-2 settings for comparison.</summary>
internal static class FusionGrid
{
    public static IEnumerable<(string Label, FusionOptions Options)> Variants()
    {
        var d = FusionOptions.Default;
        float[] Doc(float weight) => [d.RankWeights[0], d.RankWeights[1], weight, d.RankWeights[3]];

        yield return ("default", d);
        yield return ("semantic w=0.25", d with { SemanticWeight = 0.25 });
        yield return ("semantic w=0.5", d with { SemanticWeight = 0.5 });
        yield return ("no semantic list", d with { SemanticWeight = 0 });
        yield return ("rrf k=40, semantic 0.25", d with { Method = FusionMethod.Rrf, RrfK = 40, SemanticWeight = 0.25 });
        yield return ("rrf k=60, semantic 0.25", d with { Method = FusionMethod.Rrf, RrfK = 60, SemanticWeight = 0.25 });
        yield return ("no support-code demotion", d with { SupportCodeFactor = 1 });
        yield return ("support code x0.3", d with { SupportCodeFactor = 0.3 });
        yield return ("no owner share", d with { OwnerShare = 0 });
        yield return ("owner share 0.5", d with { OwnerShare = 0.5 });
        yield return ("owner share 1", d with { OwnerShare = 1 });
        yield return ("no best-member insertion", d with { InsertBestMemberWithin = 0 });
        yield return ("owners inserted after members", d with { InsertOwnersWithin = int.MaxValue });
        yield return ("doc weight 0.5", d with { RankWeights = Doc(0.5f) });
        float[] Body(float weight) => [weight, d.RankWeights[1], d.RankWeights[2], d.RankWeights[3]];
        yield return ("body weight 0.05", d with { RankWeights = Body(0.05f) });
        yield return ("body weight 0.5", d with { RankWeights = Body(0.5f) });
        yield return ("body weight 0.7", d with { RankWeights = Body(0.7f) });
        yield return ("body 1, doc 0.7", d with { RankWeights = Doc(0.7f) });
        yield return ("rank normalization 0", d with { RankNormalization = 0 });
        yield return ("fulltext budget 250", d with { FulltextCandidateBudget = 250 });
        yield return ("fulltext budget 1000", d with { FulltextCandidateBudget = 1000 });
        yield return ("fulltext exact budget 2000", d with { FulltextExactBudget = 2000 });
        yield return ("fulltext exact budget 1000", d with { FulltextExactBudget = 1000 });
        yield return ("candidates 50", d with { CandidateFactor = 5, MinCandidates = 50 });
        yield return ("semantic neighbours 100", d with { SemanticCandidateFactor = 10, MinSemanticCandidates = 100 });
        yield return ("semantic neighbours 30", d with { SemanticCandidateFactor = 3, MinSemanticCandidates = 30 });
        yield return ("semantic neighbours 10", d with { SemanticCandidateFactor = 1, MinSemanticCandidates = 10 });
        yield return ("no synonyms", d with { SynonymBoost = 0 });
        yield return ("synonyms 1.0", d with { SynonymBoost = 1 });
        yield return ("no graph boosts", d with { PublicBoost = 0, ReferenceBoost = 0 });
        yield return ("exact weight 1", d with { ExactWeight = 1 });
        yield return ("session 2 defaults", d with
        {
            Method = FusionMethod.Rrf, RrfK = 60, SemanticWeight = 1, SupportCodeFactor = 1, OwnerShare = 1, InsertOwnersWithin = int.MaxValue,
            InsertBestMemberWithin = 0, RankWeights = [0.05f, 0.3f, 0.5f, 1.0f],
        });
    }
}
