using System.Diagnostics;
using CodeIndex.Query;

namespace CodeIndex.SearchEval;

/// <summary>Asks every question in one mode and scores the answers: recall@10, MRR, latency percentiles.</summary>
internal static class Evaluator
{
    public const int TopK = 10;

    /// <summary>One mode's outcome; <paramref name="Ranks"/> holds each question's 1-based rank of the first accepted answer (null = not in the top 10).</summary>
    public sealed record ModeResult(string Label, IReadOnlyList<int?> Ranks, IReadOnlyList<double> LatenciesMs, IReadOnlyList<IReadOnlyList<SymbolInfo>> Results)
    {
        public double Recall => Ranks.Count(r => r is not null) / (double)Ranks.Count;

        public double Mrr => Ranks.Sum(r => r is { } rank ? 1.0 / rank : 0) / Ranks.Count;

        public double P50 => Percentile(50);

        public double P95 => Percentile(95);

        private double Percentile(double p)
        {
            var sorted = LatenciesMs.Order().ToArray();
            return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        }
    }

    public static async Task<ModeResult> RunAsync(string label, SymbolSearchService search, SearchMode mode, long repositoryId, IReadOnlyList<Question> questions, CancellationToken cancellationToken)
    {
        await search.SearchAsync(new SearchRequest("warm up the connection pool", mode, TopK, repositoryId), cancellationToken).ConfigureAwait(false);
        var ranks = new List<int?>();
        var latencies = new List<double>();
        var results = new List<IReadOnlyList<SymbolInfo>>();
        foreach (var question in questions)
        {
            var clock = Stopwatch.StartNew();
            var response = await search.SearchAsync(new SearchRequest(question.Text, mode, TopK, repositoryId), cancellationToken).ConfigureAwait(false);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            var symbols = response.Hits.Select(h => h.Symbol).ToList();
            var index = symbols.FindIndex(question.IsAnsweredBy);
            ranks.Add(index < 0 ? null : index + 1);
            results.Add(symbols);
        }

        return new ModeResult(label, ranks, latencies, results);
    }
}
