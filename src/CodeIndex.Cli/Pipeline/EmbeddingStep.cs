using CodeIndex.Embeddings;
using CodeIndex.Vectors.Pipeline;
using CodeIndex.Vectors.Storage;
using Microsoft.Extensions.Logging;

namespace CodeIndex.Cli.Pipeline;

/// <summary>Loads the embedding model and checks it against the database at start-up (fail fast), then embeds a repository after its graph is committed.</summary>
internal sealed class EmbeddingStep : IDisposable
{
    private readonly Database _database;
    private readonly OnnxTextEmbedder _embedder;
    private readonly VectorStoreSchema _schema;
    private readonly ILoggerFactory _loggerFactory;

    private EmbeddingStep(Database database, OnnxTextEmbedder embedder, ILoggerFactory loggerFactory)
    {
        _database = database;
        _embedder = embedder;
        _loggerFactory = loggerFactory;
        _schema = new VectorStoreSchema(database.DataSource, loggerFactory.CreateLogger<VectorStoreSchema>());
    }

    public string ModelId => _embedder.ModelId;
    public int Dimension => _embedder.Dimension;
    public ITextEmbedder Embedder => _embedder;

    /// <summary>Model missing, corrupt, or of another dimension than the stored vectors → an actionable error before any indexing work.</summary>
    public static async Task<EmbeddingStep> StartAsync(Database database, string? modelFolder, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var folder = EmbeddingModelLocator.Locate(modelFolder);
        var embedder = OnnxTextEmbedder.Load(folder);
        var step = new EmbeddingStep(database, embedder, loggerFactory);
        try
        {
            await step._schema.EnsureModelAsync(embedder.ModelId, embedder.Dimension, null, cancellationToken).ConfigureAwait(false);
            return step;
        }
        catch
        {
            step.Dispose();
            throw;
        }
    }

    /// <summary>Embeds what changed in the repository (unchanged texts cost nothing); <paramref name="reembed"/> clears its vectors first.</summary>
    /// <param name="live">The watch: never drop the model's HNSW index for a bulk load (other repositories' searches use it while the daemon runs).</param>
    public async Task<EmbeddingRunResult> RunAsync(long repositoryId, bool reembed, IProgress<string>? progress, CancellationToken cancellationToken, bool live = false)
    {
        if (reembed)
        {
            await _schema.ResetAsync(repositoryId, cancellationToken).ConfigureAwait(false);
        }

        await _schema.EnsureModelAsync(_embedder.ModelId, _embedder.Dimension, repositoryId, cancellationToken).ConfigureAwait(false);
        var options = live ? EmbeddingPipelineOptions.Default with { BulkIndexThreshold = 0 } : null;
        var pipeline = new EmbeddingPipeline(_database.DataSource, _embedder, _loggerFactory.CreateLogger<EmbeddingPipeline>(), options);
        var counter = progress is null ? null : new Progress<int>(texts => progress.Report($"embedding symbols: {texts} texts embedded"));
        return await pipeline.RunAsync(repositoryId, counter, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _embedder.Dispose();
}
