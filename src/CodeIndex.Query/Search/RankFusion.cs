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

        return scores.OrderByDescending(p => p.Value).ThenBy(p => firstSeen[p.Key]).Select(p => (p.Key, p.Value)).ToList();
    }
}
