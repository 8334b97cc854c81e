using System.Diagnostics;
using System.Globalization;
using CodeIndex.Benchmarks.Support;
using CodeIndex.Core.Model;
using CodeIndex.Embeddings;
using CodeIndex.Storage.Writing;
using CodeIndex.Vectors.Pipeline;
using Npgsql;

namespace CodeIndex.Benchmarks.Embedding;

/// <summary><c>embed</c>: texts/s of raw ONNX inference (<see cref="OnnxTextEmbedder"/>) vs the whole <see cref="EmbeddingPipeline"/> on the same texts, alternating order;
/// then a second pipeline run on unchanged symbols (must compute 0 embeddings).</summary>
internal static class EmbedBenchmark
{
    public static async Task RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        var count = args.Int("--symbols", 2000);
        var reps = args.Int("--reps", 3);
        var threads = args.Int("--threads", 2);
        var spinning = args.Text("--spinning") is { } sp ? sp == "on" : new OnnxEmbedderOptions().AllowSpinning;
        var batch = args.Int("--batch", 64);
        var bulkThreshold = args.Flag("--row-by-row-index") ? 0 : args.Int("--bulk-threshold", EmbeddingPipelineOptions.Default.BulkIndexThreshold);
        var writeBatch = args.Int("--write-batch", EmbeddingPipelineOptions.Default.WriteBatchSize);
        var overlap = args.Text("--overlap") is { } o ? o == "on" : EmbeddingPipelineOptions.Default.OverlapWrites;
        var prefetch = args.Text("--prefetch") is { } p ? p == "on" : EmbeddingPipelineOptions.Default.PrefetchTexts;
        var pageSize = args.Int("--page-size", EmbeddingPipelineOptions.Default.PageSize);
        args.RejectUnknown();

        var symbols = RealisticSymbols.Create(count, seed: 20261122);
        // The pipeline embeds each distinct text once; the raw side gets the same distinct texts.
        var texts = symbols.Select(RealisticSymbols.Text).Distinct(StringComparer.Ordinal).ToArray();
        var modelDir = ModelFolder();
        using var embedder = OnnxTextEmbedder.Load(modelDir, new OnnxEmbedderOptions { IntraOpThreads = threads, BatchSize = batch, AllowSpinning = spinning });
        var words = texts.Select(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length).Order().ToArray();
        Console.WriteLine($"model:        {embedder.ModelId} ({embedder.Dimension}-d) from {modelDir}; ONNX Runtime intra-op threads {threads} (idle threads {(spinning ? "spin" : "sleep")}), batch {batch} (embedder and pipeline); pipeline: bulk-index threshold {bulkThreshold} (0 = HNSW maintained row by row), {writeBatch} vectors per write, writes {(overlap ? "overlapped with inference" : "between inference calls")}, pages of {pageSize} texts, next page {(prefetch ? "prefetched during inference" : "read when needed")}");
        Console.WriteLine($"texts:        {symbols.Count:N0} generated symbols ({string.Join(", ", symbols.GroupBy(s => s.Kind).OrderByDescending(g => g.Count()).Select(g => $"{g.Count()} {g.Key}"))}), {texts.Length:N0} distinct SymbolTextBuilder texts, words per text p50 {words[words.Length / 2]} (min {words[0]}, max {words[^1]})");
        Console.WriteLine($"example:      {texts[1]}");
        Console.WriteLine("database:     throwaway cluster (tests/CodeIndex.Testing PostgresCluster: local PostgreSQL 15 in /tmp, fsync off); a fresh database per pipeline run (the embedding cache must be empty)");
        Console.WriteLine($"repetitions:  {reps} (odd = raw first, even = pipeline first); symbols are written through SymbolWriter before each pipeline run (not timed)");
        Console.WriteLine();

        // Warm-up (JIT, ONNX Runtime allocations): one batch, not measured.
        await embedder.EmbedAsync(texts.Take(batch).ToArray(), cancellationToken).ConfigureAwait(false);

        await using var databases = new ThrowawayDatabases();
        var table = new Table("run", "texts", "wall", "texts/s", "prepare", "embed phase", "texts/s (embed phase)", "embedded", "rows filled", "pending after");
        var raw = new List<double>();
        var pipeline = new List<double>();
        var pipelineEmbedPhase = new List<double>();
        var ratios = new List<double>();
        (int Embedded, int Unchanged, int Reused, int Pending, TimeSpan Wall)? second = null;
        for (var rep = 1; rep <= reps; rep++)
        {
            double rawRate = 0, pipeRate = 0;
            foreach (var which in rep % 2 == 1 ? new[] { "raw", "pipeline" } : ["pipeline", "raw"])
            {
                if (which == "raw")
                {
                    var start = Stopwatch.GetTimestamp();
                    var vectors = await embedder.EmbedAsync(texts, cancellationToken).ConfigureAwait(false);
                    var wall = Stopwatch.GetElapsedTime(start);
                    rawRate = vectors.Length / wall.TotalSeconds;
                    raw.Add(rawRate);
                    table.Add($"{rep} raw OnnxTextEmbedder", vectors.Length, wall, rawRate, null, null, null, vectors.Length, null, null);
                    Console.Error.WriteLine($"rep {rep} raw: {rawRate:F1} texts/s (load avg {MachineFacts.LoadAverage()})");
                }
                else
                {
                    var connectionString = await databases.CreateAsync("embed", cancellationToken).ConfigureAwait(false);
                    var (context, database) = await CliDatabase.OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
                    using (context)
                    await using (database)
                    {
                        var repositoryId = (await database.Repositories.GetOrCreateAsync("/tmp/codeindex-bench-embed", cancellationToken).ConfigureAwait(false)).Id;
                        await WriteSymbolsAsync(database.DataSource, repositoryId, symbols, cancellationToken).ConfigureAwait(false);
                        var run = new EmbeddingPipeline(database.DataSource, embedder, options: new EmbeddingPipelineOptions { BatchSize = batch, BulkIndexThreshold = bulkThreshold, WriteBatchSize = writeBatch, OverlapWrites = overlap, PrefetchTexts = prefetch, PageSize = pageSize });
                        var start = Stopwatch.GetTimestamp();
                        var result = await run.RunAsync(repositoryId, cancellationToken: cancellationToken).ConfigureAwait(false);
                        var wall = Stopwatch.GetElapsedTime(start);
                        pipeRate = result.Embedded / wall.TotalSeconds;
                        pipeline.Add(pipeRate);
                        pipelineEmbedPhase.Add(result.TextsPerSecond);
                        table.Add($"{rep} EmbeddingPipeline.RunAsync", result.Embedded, wall, pipeRate, result.PrepareTime, result.EmbedTime, result.TextsPerSecond, result.Embedded, result.FilledByEmbedding, result.Pending);
                        Console.Error.WriteLine($"rep {rep} pipeline: {pipeRate:F1} texts/s, embed phase {result.TextsPerSecond:F1}; inference {result.InferenceTime.TotalSeconds:F2} s, waiting for writes {result.WriteWaitTime.TotalSeconds:F2} s, index {(result.IndexRebuilt ? $"built after the load in {result.IndexBuildTime.TotalSeconds:F2} s" : "maintained row by row")} (load avg {MachineFacts.LoadAverage()})");
                        if (second is null)
                        {
                            start = Stopwatch.GetTimestamp();
                            var again = await run.RunAsync(repositoryId, cancellationToken: cancellationToken).ConfigureAwait(false);
                            second = (again.Embedded, again.Unchanged, again.ReusedFromCache, again.Pending, Stopwatch.GetElapsedTime(start));
                        }
                    }
                }
            }

            ratios.Add(pipeRate / rawRate);
        }

        table.Print("Raw ONNX inference vs the whole embedding pipeline, same distinct texts (texts/s = texts ÷ wall time of the call)");

        var summary = new Table("measure", "median", "runs");
        summary.Add("raw OnnxTextEmbedder texts/s", Percentiles.Median(raw), string.Join(" / ", raw.Select(F1)));
        summary.Add("EmbeddingPipeline texts/s (whole RunAsync)", Percentiles.Median(pipeline), string.Join(" / ", pipeline.Select(F1)));
        summary.Add("EmbeddingPipeline texts/s (embed phase only)", Percentiles.Median(pipelineEmbedPhase), string.Join(" / ", pipelineEmbedPhase.Select(F1)));
        summary.Add("ratio pipeline ÷ raw, median of per-repetition ratios (goal ≥ 90%)", Pct(Percentiles.Median(ratios)), string.Join(" / ", ratios.Select(Pct)));
        summary.Add("ratio of medians pipeline ÷ raw", Pct(Percentiles.Median(pipeline) / Percentiles.Median(raw)), "");
        summary.Print("Summary");

        if (second is { } s)
        {
            Console.WriteLine($"second pipeline run on the unchanged symbols (repetition 1's database): embedded {s.Embedded} texts (unchanged {s.Unchanged:N0}, from cache {s.Reused}, pending {s.Pending}), wall {Table.Seconds(s.Wall)}");
        }
    }

    /// <summary>One index run through the real writer: one batch per file, committed.</summary>
    private static async Task WriteSymbolsAsync(NpgsqlDataSource dataSource, long repositoryId, IReadOnlyList<SymbolRecord> symbols, CancellationToken cancellationToken)
    {
        await using var session = await new SymbolWriter(dataSource).BeginAsync(repositoryId, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var file in symbols.GroupBy(s => s.FilePath))
        {
            await session.WriteAsync(new ExtractionBatch(file.Key, file.ToList(), []), cancellationToken).ConfigureAwait(false);
        }

        await session.CommitAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>models/use-lite found by walking up from the app folder (or --model); the ONNX Runtime library is found the same way (.tools/onnxruntime).</summary>
    public static string ModelFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", "use-lite");
            if (File.Exists(Path.Combine(candidate, "manifest.json")))
            {
                return candidate;
            }
        }

        throw new ArgumentException($"Could not find models/use-lite/manifest.json above {AppContext.BaseDirectory}.");
    }

    private static string F1(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    private static string Pct(double ratio) => (ratio * 100).ToString("F1", CultureInfo.InvariantCulture) + " %";
}
