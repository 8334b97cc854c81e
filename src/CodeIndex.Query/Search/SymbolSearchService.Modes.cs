namespace CodeIndex.Query;

/// <summary>The four modes: each runs its lists concurrently with the embedding-status count, then orders and loads the results.</summary>
public sealed partial class SymbolSearchService
{
    private delegate Task<IReadOnlyList<(long, double)>?> SemanticSource(Task<(int Pending, int Ready)> status, int limit, CancellationToken cancellationToken);

    private async Task<SearchResponse> RunAsync(SearchRequest request, string text, SemanticSource semantic, CancellationToken cancellationToken)
    {
        var statusTask = _status.CountAsync(request.RepositoryId, _embedder?.ModelId, cancellationToken);
        var terms = QueryTerms.Parse(text);
        var candidates = Options.CandidateCount(request.Limit);
        switch (request.Mode)
        {
            case SearchMode.Exact:
            {
                var exact = await _lexical.ExactAsync(text, request, request.Limit, cancellationToken).ConfigureAwait(false);
                var status = await statusTask.ConfigureAwait(false);
                return new SearchResponse(request.Mode, exact.Select(s => new SearchHit(s, 1.0)).ToList(), status.Pending, false);
            }

            case SearchMode.Fulltext:
            {
                var list = await _lexical.FulltextAsync(Words(terms), request, request.Limit, Options, cancellationToken).ConfigureAwait(false);
                var status = await statusTask.ConfigureAwait(false);
                return new SearchResponse(request.Mode, await InOrderAsync(list, request, cancellationToken).ConfigureAwait(false), status.Pending, false);
            }

            case SearchMode.Semantic:
            {
                var nearest = await semantic(statusTask, request.Limit, cancellationToken).ConfigureAwait(false);
                var status = await statusTask.ConfigureAwait(false);
                var list = nearest ?? await _lexical.FulltextAsync(WithSynonyms(terms), request, request.Limit, Options, cancellationToken).ConfigureAwait(false);
                return new SearchResponse(request.Mode, await InOrderAsync(list, request, cancellationToken).ConfigureAwait(false), status.Pending, nearest is not null);
            }

            default:
                return await HybridAsync(request, text, terms, candidates, statusTask, semantic, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <remarks>The lexical side (exact and full-text lists with their symbols loaded, <see cref="LexicalSearch.HybridAsync"/>) is one statement;
    /// it runs concurrently with the nearest-neighbour search, whose symbols are loaded as soon as it returns (less those the lexical side
    /// already loaded, when it is in by then), so neither side waits for the other.</remarks>
    private async Task<SearchResponse> HybridAsync(
        SearchRequest request, string text, QueryTerms terms, int candidates, Task<(int Pending, int Ready)> statusTask, SemanticSource semantic, CancellationToken cancellationToken)
    {
        var lexicalTask = _lexical.HybridAsync(text, WithSynonyms(terms), request, candidates, Options, cancellationToken);
        var nearestTask = semantic(statusTask, Options.SemanticCandidateCount(request.Limit), cancellationToken);
        var semanticLoadTask = LoadNearestAsync(nearestTask, lexicalTask, request, cancellationToken);
        var lexical = await lexicalTask.ConfigureAwait(false);
        var nearest = await nearestTask.ConfigureAwait(false);
        var (more, moreOwners) = await semanticLoadTask.ConfigureAwait(false);
        var status = await statusTask.ConfigureAwait(false);
        var (loaded, owners) = (lexical.Candidates, lexical.Owners);
        foreach (var (id, candidate) in more)
        {
            loaded.TryAdd(id, candidate);
        }

        foreach (var (id, owner) in moreOwners)
        {
            owners.TryAdd(id, owner);
        }

        var hits = ResultShaper.Shape(Fuse(lexical.Exact, lexical.Fulltext, nearest), loaded, owners, request.Limit, Options);
        return new SearchResponse(request.Mode, hits, status.Pending, nearest is not null);
    }

    /// <summary>Loads the nearest neighbours that the lexical side has not loaded (all of them when it is not in yet).</summary>
    private async Task<(Dictionary<long, SearchCandidate> Candidates, Dictionary<long, SearchCandidate> Owners)> LoadNearestAsync(
        Task<IReadOnlyList<(long, double)>?> nearestTask, Task<LexicalCandidates> lexicalTask, SearchRequest request, CancellationToken cancellationToken)
    {
        var nearest = await nearestTask.ConfigureAwait(false);
        if (nearest is null)
        {
            return ([], []);
        }

        var ids = nearest.Select(n => n.Item1).Distinct();
        if (lexicalTask.IsCompletedSuccessfully)
        {
            var lexical = lexicalTask.Result.Candidates;
            ids = ids.Where(id => !lexical.ContainsKey(id));
        }

        return await _loader.LoadWithOwnersAsync(ids.ToList(), request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fuses the exact, full-text and (when available) semantic lists as <see cref="FusionOptions.Method"/> says.</summary>
    private IReadOnlyList<(long Id, double Score)> Fuse(List<long> exact, IReadOnlyList<(long Id, double Score)> fulltext, IReadOnlyList<(long Id, double Score)>? nearest)
    {
        if (Options.Method == FusionMethod.Scores)
        {
            var scored = new List<(IReadOnlyList<(long, double)>, double)> { (exact.Select(id => (id, 1.0)).ToList(), Options.ExactWeight), (fulltext, Options.FulltextWeight) };
            if (nearest is not null)
            {
                scored.Add((nearest, Options.SemanticWeight));
            }

            return RankFusion.FuseScores(scored);
        }

        var lists = new List<(IReadOnlyList<long>, double)> { (exact, Options.ExactWeight), (fulltext.Select(f => f.Id).ToList(), Options.FulltextWeight) };
        if (nearest is not null)
        {
            lists.Add((nearest.Select(n => n.Item1).ToList(), Options.SemanticWeight));
        }

        return RankFusion.Fuse(lists, Options.RrfK);
    }

    /// <summary>Loads the symbols of a ranked list, keeping its order and scores (ids that fail the filters drop out).</summary>
    private async Task<IReadOnlyList<SearchHit>> InOrderAsync(IReadOnlyList<(long Id, double Score)> list, SearchRequest request, CancellationToken cancellationToken)
    {
        var loaded = await _loader.LoadAsync(list.Select(l => l.Id).ToList(), request, cancellationToken).ConfigureAwait(false);
        return list.Where(l => loaded.ContainsKey(l.Id)).Take(request.Limit).Select(l => new SearchHit(loaded[l.Id].Symbol, l.Score)).ToList();
    }

    private static List<(string, float)> Words(QueryTerms terms) => terms.Words.Select(w => (w, 1f)).ToList();

    private List<(string, float)> WithSynonyms(QueryTerms terms) =>
        [.. Words(terms), .. terms.Synonyms.Select(s => (s, Options.SynonymBoost))];
}
