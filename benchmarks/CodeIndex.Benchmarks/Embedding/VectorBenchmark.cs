using System.Diagnostics;
using System.Globalization;
using CodeIndex.Benchmarks.Support;
using CodeIndex.Embeddings;
using CodeIndex.Query;
using CodeIndex.Vectors.Search;
using CodeIndex.Vectors.Storage;
using CodeIndex.Vectors.Text;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Benchmarks.Embedding;

/// <summary><c>vectors</c>: warm latency of semantic search (<see cref="VectorSearch.NearestAsync"/> through the model's HNSW index) and of hybrid search
/// (<see cref="SymbolSearchService"/>, with and without the query's embedding) at several vector counts.</summary>
/// <remarks>Symbols are generated (<see cref="RealisticSymbols"/>) and COPYed into code_symbols; their vectors are random unit vectors (512-d, the real model's id),
/// COPYed into symbol_embeddings; then <see cref="VectorStoreSchema.EnsureModelAsync"/> builds the HNSW index, as at start-up.</remarks>
internal static class VectorBenchmark
{
    private const int WarmupRuns = 10;
    private const long IdBase = 1_000_000;

    private static readonly string[] Queries =
    [
        "parse a connection string", "where do we validate invoices", "retry a failed payment", "load user by id", "cache the customer lookup",
        "cancel a scheduled shipment", "export a report for a tenant", "publish an event when an order is saved", "resolve permissions for a role",
        "normalize an address", "compute the discount for a product", "read the manifest file", "OrderService", "GetUserByIdAsync", "session timeout",
        "merge snapshots incrementally", "decode a token", "delete expired leases", "how are metrics recorded", "batch writer for documents",
    ];

    public static async Task RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        var sizes = (args.Text("--sizes") ?? "10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var runs = args.Int("--runs", 200);
        var limit = args.Int("--limit", 10);
        var memory = args.Text("--maintenance-work-mem") ?? "1GB";
        var reuse = args.Text("--db");
        args.RejectUnknown();
        if (reuse is not null && sizes.Length != 1)
        {
            throw new ArgumentException("--db takes one size (--sizes N): the database keeps one repository of generated symbols.");
        }


        // The query embedder of `codeindex search` (SearchCommand, OnnxEmbedderOptions.ForQueries), so hybrid latency measures the CLI path.
        using var embedder = OnnxTextEmbedder.Load(EmbedBenchmark.ModelFolder(), OnnxEmbedderOptions.ForQueries);
        var cached = await CachedQueryEmbedder.CreateAsync(embedder, Queries, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"model:        {embedder.ModelId} ({embedder.Dimension}-d); stored vectors are random unit vectors (seeded), query vectors for semantic are random unit vectors, hybrid embeds {Queries.Length} query strings with the real model ({OnnxEmbedderOptions.ForQueries.IntraOpThreads} intra-op threads, idle threads {(OnnxEmbedderOptions.ForQueries.AllowSpinning ? "spin" : "sleep")}, as codeindex search)");
        Console.WriteLine($"database:     throwaway cluster (tests/CodeIndex.Testing PostgresCluster: local PostgreSQL 15 in /tmp, fsync off), a fresh database per size; maintenance_work_mem {memory} for the HNSW build (database setting)");
        Console.WriteLine($"timing:       {WarmupRuns} warm-up calls per case, then {runs} timed calls; limit {limit}; wall clock around the awaited call, results materialised");
        Console.WriteLine();

        var table = new Table("case", "vectors", "runs", "p50", "p95", "max", "results (last)");
        var setup = new Table("vectors", "COPY symbols + vectors", "HNSW build (EnsureModelAsync)", "VACUUM ANALYZE");
        await using var databases = new ThrowawayDatabases();
        foreach (var size in sizes)
        {
            var connectionString = reuse ?? await databases.CreateAsync("vectors", cancellationToken).ConfigureAwait(false);
            await using (var admin = new NpgsqlConnection(connectionString))
            {
                await admin.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var set = new NpgsqlCommand($"ALTER DATABASE \"{admin.Database}\" SET maintenance_work_mem = '{memory.Replace("'", "", StringComparison.Ordinal)}'", admin);
                await set.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            NpgsqlConnection.ClearAllPools();
            var (context, database) = await CliDatabase.OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
            using (context)
            await using (database)
            {
                var dataSource = database.DataSource;
                var repositoryId = (await database.Repositories.GetOrCreateAsync("/tmp/codeindex-bench-vectors", cancellationToken).ConfigureAwait(false)).Id;
                var clock = Stopwatch.StartNew();
                var loaded = await CountAsync(dataSource, repositoryId, cancellationToken).ConfigureAwait(false);
                if (loaded != 0 && loaded != size)
                {
                    throw new ArgumentException($"The database of --db holds {loaded} generated symbols, not {size}: use an empty database or --sizes {loaded}.");
                }

                if (loaded == 0)
                {
                    await LoadAsync(dataSource, repositoryId, size, embedder.ModelId, embedder.Dimension, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    Console.Error.WriteLine($"{size}: reusing the {loaded} generated symbols and vectors already in the --db database");
                }

                var loadTime = clock.Elapsed;
                Console.Error.WriteLine($"{size}: loaded in {loadTime.TotalSeconds:F1} s; building HNSW (load avg {MachineFacts.LoadAverage()})");
                clock.Restart();
                await new VectorStoreSchema(dataSource).EnsureModelAsync(embedder.ModelId, embedder.Dimension, repositoryId, cancellationToken).ConfigureAwait(false);
                var buildTime = clock.Elapsed;
                clock.Restart();
                await using (var vacuum = dataSource.CreateCommand("VACUUM ANALYZE code_symbols, symbol_embeddings"))
                {
                    await vacuum.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                setup.Add(size, loadTime, buildTime, clock.Elapsed);
                Console.Error.WriteLine($"{size}: HNSW built in {buildTime.TotalSeconds:F1} s (load avg {MachineFacts.LoadAverage()})");

                var vectorSearch = new VectorSearch(dataSource);
                var random = new Random(size);
                var queryVectors = Enumerable.Range(0, runs + WarmupRuns).Select(_ => UnitVector(random, embedder.Dimension)).ToArray();
                var plan = await vectorSearch.ExplainAsync(repositoryId, embedder.ModelId, embedder.Dimension, queryVectors[0], limit, null, cancellationToken).ConfigureAwait(false);
                var usesIndex = plan.Contains(ModelIdentifier.HnswIndexName(embedder.ModelId), StringComparison.Ordinal);
                Console.WriteLine($"{size:N0} vectors: semantic plan uses the HNSW index: {(usesIndex ? "yes" : "NO")}");

                var q = 0;
                await CaseAsync(table, "semantic: VectorSearch.NearestAsync (random query vector)", size, runs,
                    async ct => (await vectorSearch.NearestAsync(repositoryId, embedder.ModelId, embedder.Dimension, queryVectors[q++ % queryVectors.Length], limit, null, ct).ConfigureAwait(false)).Count,
                    cancellationToken).ConfigureAwait(false);

                var withEmbedding = new SymbolSearchService(dataSource, embedder);
                var withoutEmbedding = new SymbolSearchService(dataSource, cached);
                var h = 0;
                await CaseAsync(table, "hybrid: SymbolSearchService, query embedded by the model (CLI path)", size, runs,
                    async ct => (await withEmbedding.SearchAsync(new SearchRequest(Queries[h++ % Queries.Length], SearchMode.Hybrid, limit, repositoryId), ct).ConfigureAwait(false)).Hits.Count,
                    cancellationToken).ConfigureAwait(false);
                h = 0;
                await CaseAsync(table, "hybrid: SymbolSearchService, query vector precomputed (no embedding)", size, runs,
                    async ct => (await withoutEmbedding.SearchAsync(new SearchRequest(Queries[h++ % Queries.Length], SearchMode.Hybrid, limit, repositoryId), ct).ConfigureAwait(false)).Hits.Count,
                    cancellationToken).ConfigureAwait(false);
                h = 0;
                await CaseAsync(table, "query embedding alone: OnnxTextEmbedder.EmbedAsync (1 text)", size, runs,
                    async ct => (await embedder.EmbedAsync([Queries[h++ % Queries.Length]], ct).ConfigureAwait(false)).Length,
                    cancellationToken).ConfigureAwait(false);
                var check = await withEmbedding.SearchAsync(new SearchRequest(Queries[0], SearchMode.Hybrid, limit, repositoryId), cancellationToken).ConfigureAwait(false);
                Console.WriteLine($"{size:N0} vectors: hybrid semantic side used: {(check.SemanticUsed ? "yes" : "NO")}, pending embeddings {check.PendingEmbeddings}; top hit for \"{Queries[0]}\": {(check.Hits.Count > 0 ? check.Hits[0].Symbol.QualifiedName : "none")}");
            }
        }

        Console.WriteLine();
        setup.Print("Setup per size (not part of the latency)");
        table.Print("Warm search latency (goal: p95 < 20 ms at 100k vectors)");
    }

    private static async Task CaseAsync(Table table, string name, int size, int runs, Func<CancellationToken, Task<int>> run, CancellationToken cancellationToken)
    {
        var results = 0;
        for (var i = 0; i < WarmupRuns; i++)
        {
            results = await run(cancellationToken).ConfigureAwait(false);
        }

        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            results = await run(cancellationToken).ConfigureAwait(false);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        table.Add(name, size, runs, Table.Ms(Percentiles.Of(times, 50)), Table.Ms(Percentiles.Of(times, 95)), Table.Ms(times.Max()), results);
        Console.Error.WriteLine($"{size} {name}: p50 {Percentiles.Of(times, 50):F1} ms, p95 {Percentiles.Of(times, 95):F1} ms, max {times.Max():F1} ms (load avg {MachineFacts.LoadAverage()})");
    }

    /// <summary>Generated symbols already stored for the benchmark's repository (a reused --db database), counted by their vectors.</summary>
    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, long repositoryId, CancellationToken cancellationToken)
    {
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM symbol_embeddings WHERE repository_id = $1");
        count.Parameters.Add(new() { Value = repositoryId, NpgsqlDbType = NpgsqlDbType.Bigint });
        return (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static Task WriteTextOrNullAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    /// <summary>COPYs <paramref name="size"/> generated symbols into code_symbols and one random unit vector each into symbol_embeddings (via a real[] stage).</summary>
    private static async Task LoadAsync(NpgsqlDataSource dataSource, long repositoryId, int size, string modelId, int dimension, CancellationToken cancellationToken)
    {
        var symbols = RealisticSymbols.Create(size, seed: 7);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY code_symbols (id, repository_id, project, symbol_key, name, qualified_name, kind, file_path, line_number, signature, documentation, visibility, language, assembly_name, content_hash, body_words) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < symbols.Count; i++)
            {
                var s = symbols[i];
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(IdBase + i, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(repositoryId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(s.Project, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(s.SymbolKey, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(s.Name, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(s.QualifiedName, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(s.Kind, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(s.FilePath!, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(s.Line!.Value, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(s.Signature!, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteTextOrNullAsync(copy, s.Documentation, cancellationToken).ConfigureAwait(false);

                await copy.WriteAsync(s.Visibility, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(s.Language, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(s.AssemblyName, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(s.ContentHash, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteTextOrNullAsync(copy, s.BodyWords, cancellationToken).ConfigureAwait(false);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var register = new NpgsqlCommand(
            "INSERT INTO embedding_models (model_id, dimension) VALUES ($1, $2) ON CONFLICT (model_id) DO NOTHING", connection))
        {
            register.Parameters.Add(new() { Value = modelId, NpgsqlDbType = NpgsqlDbType.Text });
            register.Parameters.Add(new() { Value = dimension, NpgsqlDbType = NpgsqlDbType.Integer });
            await register.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var stage = new NpgsqlCommand("CREATE TEMP TABLE stage_vec (symbol_id bigint, document_id text, text_hash text, embedded_text text, embedding real[])", connection))
        {
            await stage.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var random = new Random(size + 1);
        await using (var copy = await connection.BeginBinaryImportAsync("COPY stage_vec (symbol_id, document_id, text_hash, embedded_text, embedding) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < symbols.Count; i++)
            {
                var text = RealisticSymbols.Text(symbols[i]);
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(IdBase + i, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(symbols[i].SymbolKey, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(TextHash.Of(text), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(text, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(UnitVector(random, dimension), NpgsqlDbType.Array | NpgsqlDbType.Real, cancellationToken).ConfigureAwait(false);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var insert = new NpgsqlCommand(
            "INSERT INTO symbol_embeddings (symbol_id, repository_id, model_id, document_id, text_hash, embedded_text, dimension, embedding) "
            + "SELECT symbol_id, $1, $2, document_id, text_hash, embedded_text, $3, embedding::vector FROM stage_vec",
            connection) { CommandTimeout = 0 };
        insert.Parameters.Add(new() { Value = repositoryId, NpgsqlDbType = NpgsqlDbType.Bigint });
        insert.Parameters.Add(new() { Value = modelId, NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new() { Value = dimension, NpgsqlDbType = NpgsqlDbType.Integer });
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A uniformly random direction: Gaussian components (Box–Muller), normalised.</summary>
    private static float[] UnitVector(Random random, int dimension)
    {
        var v = new float[dimension];
        double norm = 0;
        for (var i = 0; i < dimension; i++)
        {
            var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            v[i] = (float)g;
            norm += g * g;
        }

        var scale = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < dimension; i++)
        {
            v[i] *= scale;
        }

        return v;
    }

    /// <summary>Answers the benchmark's query strings with vectors computed once up front by the real model, so hybrid latency can be measured without the embedding.</summary>
    private sealed class CachedQueryEmbedder(ITextEmbedder inner, Dictionary<string, float[]> vectors) : ITextEmbedder
    {
        public string ModelId => inner.ModelId;

        public int Dimension => inner.Dimension;

        public static async Task<CachedQueryEmbedder> CreateAsync(ITextEmbedder inner, IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            var rows = await inner.EmbedAsync(texts, cancellationToken).ConfigureAwait(false);
            return new CachedQueryEmbedder(inner, texts.Select((t, i) => (t, rows[i])).ToDictionary(p => p.t, p => p.Item2, StringComparer.Ordinal));
        }

        public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct = default) =>
            texts.All(vectors.ContainsKey) ? Task.FromResult(texts.Select(t => vectors[t]).ToArray()) : inner.EmbedAsync(texts, ct);
    }
}
