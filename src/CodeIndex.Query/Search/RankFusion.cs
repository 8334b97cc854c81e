namespace CodeIndex.Query;

/// <summary>Weighted reciprocal-rank fusion: each list adds weight / (k + rank) to the ids it ranks (rank 1 = first).</summary>
public static class RankFusion
{
    /// <summary>Fused scores of every id in <paramref name="lists"/>, best first (ties by first appearance).</summary>
    /// <param name="lists">Ranked id lists (best first) with their weights; an id repeated within one list counts at its first rank.</param>
    /// <param name="k">The RRF constant (60 in the original paper); larger flattens the difference between ranks.</param>
    public static IReadOnlyList<(long Id, double Score)> Fuse(IEnumerable<(IReadOnlyList<long> Ids, double Weight)> lists, double k = 60)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var scores = new Dictionary<long, double>();
        var firstSeen = new Dictionary<long, int>();
        foreach (var (ids, weight) in lists)
        {
            var seen = new HashSet<long>();
            var rank = 0;
            foreach (var id in ids)
            {
                if (!seen.Add(id))
                {
                    continue;
                }

                rank++;
                scores[id] = scores.GetValueOrDefault(id) + weight / (k + rank);
                firstSeen.TryAdd(id, firstSeen.Count);
            }
        }

        return Ranked(scores, firstSeen);
    }

    /// <summary>Weighted sum of min-max normalised scores: in each list the best score counts 1 and the worst 0 (all 1 when they are equal).</summary>
    /// <param name="lists">Scored lists (higher is better) with their weights; an id repeated within one list counts at its best score.</param>
    public static IReadOnlyList<(long Id, double Score)> FuseScores(IEnumerable<(IReadOnlyList<(long Id, double Score)> Hits, double Weight)> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var scores = new Dictionary<long, double>();
        var firstSeen = new Dictionary<long, int>();
        foreach (var (hits, weight) in lists)
        {
            if (hits.Count == 0)
            {
                continue;
            }

            var max = hits.Max(h => h.Score);
            var min = hits.Min(h => h.Score);
            var best = new Dictionary<long, double>();
            foreach (var (id, score) in hits)
            {
                var normalised = max > min ? (score - min) / (max - min) : 1;
                best[id] = Math.Max(best.GetValueOrDefault(id), normalised);
                firstSeen.TryAdd(id, firstSeen.Count);
            }

            foreach (var (id, normalised) in best)
            {
                scores[id] = scores.GetValueOrDefault(id) + weight * normalised;
            }
        }

        return Ranked(scores, firstSeen);
    }

    /// <summary>Best score first; ties keep the order in which the ids first appeared.</summary>
    private static List<(long Id, double Score)> Ranked(Dictionary<long, double> scores, Dictionary<long, int> firstSeen) =>
        scores.OrderByDescending(p => p.Value).ThenBy(p => firstSeen[p.Key]).Select(p => (p.Key, p.Value)).ToList();
}
