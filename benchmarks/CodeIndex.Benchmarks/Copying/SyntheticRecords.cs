using System.Globalization;
using CodeIndex.Core.Model;

namespace CodeIndex.Benchmarks.Copying;

/// <summary>Deterministic symbol and relationship records shaped like extraction output (keys, signatures, doc comments, one location each, call sites).</summary>
internal static class SyntheticRecords
{
    private const int SymbolsPerFile = 40;

    public static List<SymbolRecord> Symbols(int count)
    {
        var inv = CultureInfo.InvariantCulture;
        var result = new List<SymbolRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var file = string.Create(inv, $"src/Gen.P{i % 8}/Area{i / 4000:D2}/File{i / SymbolsPerFile:D5}.cs");
            var type = string.Create(inv, $"Gen.P{i % 8}.Area{i / 4000:D2}.Type{i / SymbolsPerFile:D5}");
            var isType = i % SymbolsPerFile == 0;
            var name = isType ? string.Create(inv, $"Type{i / SymbolsPerFile:D5}") : string.Create(inv, $"Method{i:D6}");
            var line = 3 + (i % SymbolsPerFile * 12);
            result.Add(new SymbolRecord(
                SymbolKey: isType ? $"T:{type}" : $"M:{type}.{name}(System.Int32,System.String)",
                Name: name,
                QualifiedName: isType ? type : $"{type}.{name}",
                Kind: isType ? SymbolKinds.Class : SymbolKinds.Method,
                Project: string.Create(inv, $"Gen.P{i % 8}"),
                FilePath: file,
                Line: line,
                Column: 5,
                EndLine: line + 10,
                EndColumn: 6,
                Signature: isType ? $"public class {name}" : $"public int {name}(int count, string label)",
                Documentation: i % 3 == 0 ? $"Computes the {name} value for the given count and label." : null,
                Visibility: "public",
                Modifiers: i % 5 == 0 ? SymbolModifiers.Virtual : SymbolModifiers.None,
                Language: "csharp",
                IsExternal: false,
                AssemblyName: string.Create(inv, $"Gen.P{i % 8}"),
                AssemblyVersion: "1.0.0.0",
                ContentHash: i.ToString("x16", inv),
                Locations: [new SourceSpan(file, line, 5, line + 10, 6)]));
        }

        return result;
    }

    /// <summary>Calls between random symbols (fixed seed), each with a call site in the source symbol's file.</summary>
    public static List<RelationshipRecord> Relationships(IReadOnlyList<SymbolRecord> symbols, int count)
    {
        var random = new Random(42);
        var result = new List<RelationshipRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var source = symbols[random.Next(symbols.Count)];
            var target = symbols[random.Next(symbols.Count)];
            var type = i % 10 == 0 ? RelationshipTypes.References : RelationshipTypes.Calls;
            result.Add(new RelationshipRecord(source.Ref, target.Ref, type, new SiteLocation(source.FilePath!, (source.Line ?? 1) + 1 + (i % 9), 13)));
        }

        return result;
    }
}
