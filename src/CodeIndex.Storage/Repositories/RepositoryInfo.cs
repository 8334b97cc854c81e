namespace CodeIndex.Storage.Repositories;

/// <summary>One row of <c>repositories</c> with its symbol and relationship counts.</summary>
/// <param name="LastIndexStats">JSON summary of the last successful index run, or null before the first.</param>
public sealed record RepositoryInfo(
    long Id,
    string Name,
    string RootPath,
    DateTimeOffset CreatedAt,
    DateTimeOffset? IndexedAt,
    long SymbolCount,
    long RelationshipCount,
    string? LastIndexStats);
