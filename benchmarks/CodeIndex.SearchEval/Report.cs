namespace CodeIndex.SearchEval;

/// <summary>Prints evaluation tables and misses as plain text.</summary>
internal static class Report
{
    /// <summary>One line per result; with questions from several sets (ids starting with different letters), recall@10 per set as well.</summary>
    public static void PrintTable(string title, IReadOnlyList<Evaluator.ModeResult> results, IReadOnlyList<Question> questions)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        var width = Math.Max(8, results.Max(r => r.Label.Length));
        var sets = questions.Select(q => q.Id[..1]).Distinct().ToList();
        var perSet = sets.Count > 1 ? "   " + string.Join(" ", sets.Select(s => $"recall {s}*".PadLeft(9))) : "";
        Console.WriteLine($"{"mode".PadRight(width)}  recall@10    MRR   answered   p50 ms   p95 ms{perSet}");
        foreach (var r in results)
        {
            var bySet = sets.Count > 1 ? "   " + string.Join(" ", sets.Select(s => SetRecall(r, questions, s).ToString("F3", System.Globalization.CultureInfo.InvariantCulture).PadLeft(9))) : "";
            Console.WriteLine($"{r.Label.PadRight(width)}  {r.Recall,9:F3}  {r.Mrr,5:F3}  {r.Ranks.Count(x => x is not null),4}/{r.Ranks.Count,-4}  {r.P50,7:F1}  {r.P95,7:F1}{bySet}");
        }
    }

    private static double SetRecall(Evaluator.ModeResult result, IReadOnlyList<Question> questions, string set)
    {
        var ranks = questions.Select((q, i) => (q, i)).Where(x => x.q.Id.StartsWith(set, StringComparison.Ordinal)).Select(x => result.Ranks[x.i]).ToList();
        return ranks.Count(r => r is not null) / (double)ranks.Count;
    }

    /// <summary>One line per question: its rank in every mode ('-' = not in the top 10).</summary>
    public static void PrintRanks(IReadOnlyList<Question> questions, IReadOnlyList<Evaluator.ModeResult> results)
    {
        Console.WriteLine();
        Console.WriteLine("rank per question: " + string.Join(" ", results.Select(r => r.Label)));
        for (var i = 0; i < questions.Count; i++)
        {
            var ranks = string.Join(" ", results.Select(r => (r.Ranks[i]?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-").PadLeft(3)));
            Console.WriteLine($"  {questions[i].Id} {ranks}  {questions[i].Text}");
        }
    }

    public static void PrintMisses(IReadOnlyList<Question> questions, Evaluator.ModeResult result)
    {
        Console.WriteLine();
        Console.WriteLine($"Questions {result.Label} misses or ranks below 3:");
        for (var i = 0; i < questions.Count; i++)
        {
            if (result.Ranks[i] is { } rank && rank <= 3)
            {
                continue;
            }

            Console.WriteLine($"  {questions[i].Id} [{(result.Ranks[i]?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-")}] {questions[i].Text}");
            Console.WriteLine($"       want {string.Join(" | ", questions[i].Answers)}");
            Console.WriteLine($"       got  {string.Join(", ", result.Results[i].Take(5).Select(s => s.QualifiedName))}");
        }
    }
}
