using CodeIndex.Core.Model;

namespace CodeIndex.Query;

/// <summary>Turns fused scores into the hybrid result list: graph boosts, one entry per overload group, owning type right after a member
/// and a type's best-matching member right after the type.</summary>
internal static class ResultShaper
{
    /// <summary>Shapes <paramref name="fused"/> (ids with fused scores) into at most <paramref name="limit"/> hits.</summary>
    /// <param name="candidates">Loaded candidates by id; ids missing here (filtered out) are dropped.</param>
    /// <param name="owners">Owning types by id (filtered like candidates); a member whose owner is missing gets no insertion.</param>
    public static IReadOnlyList<SearchHit> Shape(
        IReadOnlyList<(long Id, double Score)> fused,
        IReadOnlyDictionary<long, SearchCandidate> candidates,
        IReadOnlyDictionary<long, SearchCandidate> owners,
        int limit,
        FusionOptions options)
    {
        var scores = new Dictionary<long, double>();
        foreach (var (id, score) in fused)
        {
            if (candidates.TryGetValue(id, out var candidate))
            {
                scores[id] = score * Boost(candidate, options);
            }
        }

        // Each owning type's best-scoring member among the candidates (ties: lowest id).
        var bestMember = new Dictionary<long, (long Id, double Score)>();
        foreach (var (id, score) in scores.OrderBy(p => p.Key))
        {
            if (candidates[id].OwnerId is { } ownerId && owners.ContainsKey(ownerId) && IsMember(candidates[id].Symbol.Kind)
                && (!bestMember.TryGetValue(ownerId, out var best) || score > best.Score))
            {
                bestMember[ownerId] = (id, score);
            }
        }

        if (options.OwnerShare > 0)
        {
            foreach (var (ownerId, best) in bestMember)
            {
                scores[ownerId] = scores.GetValueOrDefault(ownerId) + options.OwnerShare * best.Score;
            }
        }

        var ranked = scores
            .Select(p => (Candidate: candidates.TryGetValue(p.Key, out var c) ? c : owners[p.Key], Score: p.Value))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Candidate.Symbol.QualifiedName, StringComparer.Ordinal)
            .ThenBy(c => c.Candidate.Symbol.Id)
            .ToList();

        var hits = new List<SearchHit>(limit);
        var listed = new HashSet<long>();
        var groups = new HashSet<(long, string, string)>();
        foreach (var (candidate, score) in ranked)
        {
            if (hits.Count >= limit)
            {
                break;
            }

            var symbol = candidate.Symbol;
            if (listed.Contains(symbol.Id) || !groups.Add(GroupKey(symbol)))
            {
                continue; // already inserted as an owning type, or an overload of a listed symbol
            }

            hits.Add(new SearchHit(symbol, score));
            listed.Add(symbol.Id);
            if (hits.Count <= options.InsertOwnersWithin && hits.Count < limit && IsMember(symbol.Kind) && candidate.OwnerId is { } ownerId && !listed.Contains(ownerId)
                && owners.TryGetValue(ownerId, out var owner) && groups.Add(GroupKey(owner.Symbol)))
            {
                hits.Add(new SearchHit(owner.Symbol, score));
                listed.Add(ownerId);
            }
            else if (hits.Count <= options.InsertBestMemberWithin && hits.Count < limit && bestMember.TryGetValue(symbol.Id, out var member) && !listed.Contains(member.Id)
                && groups.Add(GroupKey(candidates[member.Id].Symbol)))
            {
                // A type that leads through its member's score: the member that matched comes right after it, carrying the type's score
                // (as an inserted owner carries its member's), so scores never increase down the list.
                hits.Add(new SearchHit(candidates[member.Id].Symbol, score));
                listed.Add(member.Id);
            }
        }

        return hits;
    }

    /// <summary>1 + a small bonus for public API + a bonus growing with the log of incoming references; × the support-code factor for tests and benchmarks.</summary>
    internal static double Boost(SearchCandidate candidate, FusionOptions options) =>
        (1 + (candidate.IsPublic ? options.PublicBoost : 0) + options.ReferenceBoost * Math.Log(1 + candidate.IncomingReferences))
        * (SupportCode.IsSupportCode(candidate.Symbol) ? options.SupportCodeFactor : 1);

    /// <summary>Overloads share repository, kind and qualified name (their keys differ by parameter list).</summary>
    private static (long, string, string) GroupKey(SymbolInfo symbol) => (symbol.RepositoryId, symbol.Kind, symbol.QualifiedName);

    private static bool IsMember(string kind) => !SymbolKinds.IsType(kind) && kind != SymbolKinds.Namespace;
}
