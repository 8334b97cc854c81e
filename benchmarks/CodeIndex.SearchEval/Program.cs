using System.Globalization;
using CodeIndex.Embeddings;
using CodeIndex.Query;
using CodeIndex.SearchEval;
using CodeIndex.Storage.Connection;

// Usage: dotnet run -c Release --project benchmarks/CodeIndex.SearchEval [-- --db CONNECTION [--skip-index]] [--verbose] [--grid] [--modes hybrid,…] [--dump FILE]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var options = EvalOptions.Parse(args);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var questions = options.QuestionsPaths.SelectMany(QuestionSet.Load).ToList();
Console.WriteLine($"{questions.Count} questions from {string.Join(", ", options.QuestionsPaths)}; repository {options.RepositoryRoot}.");
await using var throwaway = options.ConnectionString is null ? await ThrowawayDatabase.CreateAsync(cancel.Token) : null;
await using var db = await DatabaseConnector.OpenAsync(options.ConnectionString ?? throwaway!.ConnectionString, cancellationToken: cancel.Token);
using var embedder = OnnxTextEmbedder.Load(Path.Combine(options.RepositoryRoot, "models", "use-lite"));
var repositoryId = await RepositoryIndexer.PrepareAsync(options.RepositoryRoot, db, embedder, options.SkipIndex, cancel.Token);

// An accepted answer that is not in the index (renamed or removed since the question was written) can never be found: say so.
var indexed = new HashSet<string>(StringComparer.Ordinal);
await using (var names = db.CreateCommand("SELECT qualified_name, symbol_key FROM code_symbols WHERE repository_id = $1 AND NOT is_external"))
{
    names.Parameters.Add(new Npgsql.NpgsqlParameter { Value = repositoryId });
    await using var reader = await names.ExecuteReaderAsync(cancel.Token);
    while (await reader.ReadAsync(cancel.Token))
    {
        indexed.Add(reader.GetString(0));
        indexed.Add(reader.GetString(1));
    }
}

foreach (var question in questions)
{
    foreach (var answer in question.Answers.Where(a => !indexed.Contains(a)))
    {
        Console.WriteLine($"warning: answer {answer} of question {question.Id} is not in the index (renamed or removed?); fix the question set");
    }
}

// Questions are embedded as `codeindex search` does (OnnxEmbedderOptions.ForQueries: two threads that sleep when idle, so none spins
// beside PostgreSQL), so the latency columns measure the CLI's path.
using var queryEmbedder = OnnxTextEmbedder.Load(Path.Combine(options.RepositoryRoot, "models", "use-lite"), OnnxEmbedderOptions.ForQueries);
var search = new SymbolSearchService(db, queryEmbedder);
var results = new List<Evaluator.ModeResult>();
foreach (var mode in options.Modes)
{
    results.Add(await Evaluator.RunAsync(mode.ToString().ToLowerInvariant(), search, mode, repositoryId, questions, cancel.Token));
}

Report.PrintTable("Search quality and latency (top 10)", results, questions);
if (options.DumpPath is not null)
{
    await File.WriteAllLinesAsync(
        options.DumpPath,
        results.SelectMany(r => questions.Select((q, i) => $"{r.Label}\t{q.Id}\t{string.Join(" | ", r.Results[i].Select(s => s.SymbolKey))}")),
        cancel.Token);
    Console.WriteLine($"top 10 per question and mode written to {options.DumpPath}");
}

var embedMs = new List<double>();
foreach (var question in questions)
{
    var clock = System.Diagnostics.Stopwatch.StartNew();
    await queryEmbedder.EmbedAsync([question.Text], cancel.Token);
    embedMs.Add(clock.Elapsed.TotalMilliseconds);
}

embedMs.Sort();
Console.WriteLine($"(of which embedding one query: p50 {embedMs[embedMs.Count / 2]:F1} ms, p95 {embedMs[(int)Math.Ceiling(0.95 * embedMs.Count) - 1]:F1} ms)");
if (options.Verbose)
{
    Report.PrintRanks(questions, results);
    Report.PrintMisses(questions, results[^1]);
}

if (options.Grid)
{
    var grid = new List<Evaluator.ModeResult>();
    foreach (var (label, fusion) in FusionGrid.Variants())
    {
        grid.Add(await Evaluator.RunAsync(label, new SymbolSearchService(db, queryEmbedder, fusion), SearchMode.Hybrid, repositoryId, questions, cancel.Token));
    }

    Report.PrintTable("Hybrid fusion variants", grid, questions);
}
