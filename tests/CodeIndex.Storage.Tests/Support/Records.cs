using CodeIndex.Core.Model;

namespace CodeIndex.Storage.Tests.Support;

/// <summary>Builders for symbol and relationship records used by writer tests.</summary>
internal static class Records
{
    public const string Assembly = "Sample";

    public static SymbolRecord Symbol(string key, string? name = null, string? file = "src/A.cs", int line = 1,
        SymbolModifiers modifiers = SymbolModifiers.None, string? doc = null, string? signature = null, string hash = "h1",
        string project = "Sample", IReadOnlyList<SourceSpan>? locations = null, bool external = false)
    {
        var simple = name ?? key[(key.LastIndexOf('.') + 1)..];
        return new SymbolRecord(
            key, simple, key.Length > 2 ? key[2..] : key, SymbolKinds.Method, project,
            external ? null : file, external ? null : line, external ? null : 5, external ? null : line + 2, external ? null : 6,
            signature, doc, "public", modifiers, "C#", external, external ? "System.Runtime" : Assembly,
            external ? "10.0.0.0" : null, hash,
            locations ?? (external || file is null ? [] : [new SourceSpan(file, line, 5, line + 2, 6)]));
    }

    public static RelationshipRecord Edge(SymbolRecord source, SymbolRecord target, string type = RelationshipTypes.Calls, string? file = "src/A.cs", int line = 10, int column = 3) =>
        new(source.Ref, target.Ref, type, file is null ? null : new SiteLocation(file, line, column));

    public static ExtractionBatch Batch(IReadOnlyList<SymbolRecord> symbols, IReadOnlyList<RelationshipRecord>? edges = null, string? file = "src/A.cs") =>
        new(file, symbols, edges ?? []);
}
