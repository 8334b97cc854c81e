namespace CodeIndex.SearchEval;

/// <summary>Prints evaluation tables and misses as plain text.</summary>
internal static class Report
{
    public static void PrintTable(string title, IReadOnlyList<Evaluator.ModeResult> results)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        var width = Math.Max(8, results.Max(r => r.Label.Length));
        Console.WriteLine($"{"mode".PadRight(width)}  recall@10    MRR   answered   p50 ms   p95 ms");
        foreach (var r in results)
        {
            Console.WriteLine($"{r.Label.PadRight(width)}  {r.Recall,9:F3}  {r.Mrr,5:F3}  {r.Ranks.Count(x => x is not null),4}/{r.Ranks.Count,-4}  {r.P50,7:F1}  {r.P95,7:F1}");
        }
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
