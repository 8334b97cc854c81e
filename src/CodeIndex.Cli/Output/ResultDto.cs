using CodeIndex.Query;

namespace CodeIndex.Cli.Output;

/// <summary>The JSON shape of one result (public contract: symbolKey, name, kind, filePath, line; depth and path for queries).</summary>
internal sealed record ResultDto(
    string SymbolKey,
    string Name,
    string QualifiedName,
    string Kind,
    string? FilePath,
    int? Line,
    string Project,
    bool IsExternal,
    string? Signature,
    int? Depth = null,
    IReadOnlyList<string>? Path = null,
    string? Via = null)
{
    public static ResultDto From(SymbolInfo s) =>
        new(s.SymbolKey, s.Name, s.QualifiedName, s.Kind, s.FilePath, s.Line, s.Project, s.IsExternal, s.Signature);

    public static ResultDto From(QueryResult r) =>
        From(r.Symbol) with { Depth = r.Depth, Path = r.Path, Via = r.Via };

    [System.Text.Json.Serialization.JsonIgnore]
    public string Location => FilePath is null ? "(external)" : Line is null ? FilePath : $"{FilePath}:{Line}";
}
