using CodeIndex.Core.Errors;
using CodeIndex.Embeddings;
using CodeIndex.Vectors.Search;
using Npgsql;

namespace CodeIndex.Query;

/// <summary>Answers <c>search "&lt;text&gt;"</c> in four modes: exact names, full-text, semantic (pgvector) and hybrid fusion of both (default).</summary>
/// <remarks>
/// Every mode applies the request's kind/project/path filters and reports how many symbols await embedding. Without an
/// embedder or before any vector exists, semantic and hybrid searches answer lexically (<see cref="SearchResponse.SemanticUsed"/> false).
/// Semantic results from another store (e.g. ChromaDB) can be fused through <see cref="SearchAsync(SearchRequest, IReadOnlyList{ValueTuple{long, double}}, CancellationToken)"/>.
/// User text only reaches SQL as parameters; full-text terms are reduced to [a-z0-9] words, so no input can cause a tsquery syntax error.
/// </remarks>
public sealed partial class SymbolSearchService
{
    private readonly NpgsqlDataSource _db;
    private readonly ITextEmbedder? _embedder;
    private readonly LexicalSearch _lexical;
    private readonly CandidateLoader _loader;
    private readonly EmbeddingStatus _status;

    /// <param name="embedder">Embeds the query for semantic/hybrid search with the model the vectors were made with; null = lexical only.</param>
    public SymbolSearchService(NpgsqlDataSource db, ITextEmbedder? embedder = null)
        : this(db, embedder, FusionOptions.Default)
    {
    }

    internal SymbolSearchService(NpgsqlDataSource db, ITextEmbedder? embedder, FusionOptions options)
    {
        ArgumentNullException.ThrowIfNull(db);
        _db = db;
        _embedder = embedder;
        Options = options;
        _lexical = new LexicalSearch(db);
        _loader = new CandidateLoader(db);
        _status = new EmbeddingStatus(db);
    }

    internal FusionOptions Options { get; }

    /// <summary>Searches with this service's embedder (pgvector) for the semantic side.</summary>
    /// <exception cref="UserInputException"><c>empty_query</c> when the text is empty or whitespace.</exception>
    public Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        var text = Validate(request);
        var embedding = _embedder is not null && request.Mode is SearchMode.Semantic or SearchMode.Hybrid ? _embedder.EmbedAsync([text], cancellationToken) : null;
        return RunAsync(request, text, (status, limit, ct) => NearestAsync(embedding, request, status, limit, ct), cancellationToken);
    }

    /// <summary>Searches with semantic hits computed elsewhere: (symbol id, similarity) pairs, most similar first, from any vector store.</summary>
    /// <remarks>The hits are filtered like every other list; an empty list means the store had nothing (the answer is lexical).</remarks>
    public Task<SearchResponse> SearchAsync(SearchRequest request, IReadOnlyList<(long SymbolId, double Similarity)> semanticHits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(semanticHits);
        var text = Validate(request);
        IReadOnlyList<(long, double)>? hits = semanticHits.Count == 0 ? null : semanticHits;
        return RunAsync(request, text, (_, _, _) => Task.FromResult(hits), cancellationToken);
    }

    private static string Validate(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = (request.Text ?? "").Replace('\0', ' ').Trim(); // PostgreSQL text cannot hold NUL
        return text.Length == 0
            ? throw new UserInputException("empty_query", "The search text is empty. Pass words, a name or a question, e.g. `search \"parse a connection string\"`.")
            : text;
    }

    /// <summary>Nearest neighbours through <see cref="VectorSearch"/>, or null when there is no embedder or no vector of its model in scope.</summary>
    /// <param name="embedding">The query's embedding, started before any statement (null without an embedder).</param>
    private async Task<IReadOnlyList<(long, double)>?> NearestAsync(
        Task<float[][]>? embedding, SearchRequest request, Task<(int Pending, int Ready)> statusTask, int limit, CancellationToken cancellationToken)
    {
        if (_embedder is null || embedding is null)
        {
            return null;
        }

        var status = await statusTask.ConfigureAwait(false);
        var vectors = await embedding.ConfigureAwait(false);
        if (status.Ready == 0)
        {
            return null;
        }

        var filter = new VectorSearchFilter(SearchFilter.Kinds(request), request.Project, SearchFilter.NormalizePath(request.PathPrefix));
        var search = request.Mode == SearchMode.Hybrid ? new VectorSearch(_db) { CandidateListFactor = Options.SemanticCandidateListFactor } : new VectorSearch(_db);
        var hits = await search
            .NearestAsync(request.RepositoryId, _embedder.ModelId, _embedder.Dimension, vectors[0], Math.Min(limit, VectorSearch.MaxLimit), filter, cancellationToken)
            .ConfigureAwait(false);
        return hits.Select(h => (h.SymbolId, h.Similarity)).ToList();
    }
}
