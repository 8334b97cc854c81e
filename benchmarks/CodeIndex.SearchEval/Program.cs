using System.Globalization;
using CodeIndex.Embeddings;
using CodeIndex.Query;
using CodeIndex.SearchEval;
using CodeIndex.Storage.Connection;

// Usage: dotnet run -c Release --project benchmarks/CodeIndex.SearchEval [-- --db CONNECTION [--skip-index]] [--verbose] [--grid]
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

var search = new SymbolSearchService(db, embedder);
var results = new List<Evaluator.ModeResult>();
foreach (var mode in new[] { SearchMode.Exact, SearchMode.Fulltext, SearchMode.Semantic, SearchMode.Hybrid })
{
    results.Add(await Evaluator.RunAsync(mode.ToString().ToLowerInvariant(), search, mode, repositoryId, questions, cancel.Token));
}

Report.PrintTable("Search quality and latency (top 10)", results, questions);
var embedMs = new List<double>();
foreach (var question in questions)
{
    var clock = System.Diagnostics.Stopwatch.StartNew();
    await embedder.EmbedAsync([question.Text], cancel.Token);
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
        grid.Add(await Evaluator.RunAsync(label, new SymbolSearchService(db, embedder, fusion), SearchMode.Hybrid, repositoryId, questions, cancel.Token));
    }

    Report.PrintTable("Hybrid fusion variants", grid, questions);
}
