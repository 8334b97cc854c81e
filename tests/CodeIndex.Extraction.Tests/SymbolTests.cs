using CodeIndex.Core.Model;
using CodeIndex.Extraction.Tests.Support;

namespace CodeIndex.Extraction.Tests;

/// <summary>Hand-written assertions on the symbol records of the sample sources.</summary>
public sealed class SymbolTests : IClassFixture<SampleExtractionFixture>
{
    private readonly ExtractionResult _x;

    public SymbolTests(SampleExtractionFixture fixture) => _x = fixture.Result;

    [Fact]
    public void ExtractAsync_PartialClassAcrossTwoFiles_IsOneSymbolWithBothLocationsAndMergedDocs()
    {
        var repository = _x.Symbol("T:Samples.Shapes.Repository`1");
        Assert.Equal("Lib/Repository.Part1.cs", repository.FilePath);
        Assert.Equal(6, repository.Line);
        Assert.Equal(["Lib/Repository.Part1.cs", "Lib/Repository.Part2.cs"], repository.Locations.Select(l => l.FilePath));
        Assert.Equal("Stores shapes. Also enumerates them.", repository.Documentation);
        Assert.True(repository.Modifiers.HasFlag(SymbolModifiers.Partial));
        Assert.True(repository.Modifiers.HasFlag(SymbolModifiers.Generic));
        Assert.Equal("Samples.Shapes.Repository<T>", repository.QualifiedName);
    }

    [Fact]
    public void ExtractAsync_EveryEdgeEndpoint_IsEmittedExactlyOnce()
    {
        var emitted = _x.Symbols.GroupBy(s => s.Ref).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(emitted, pair => Assert.Equal(1, pair.Value));
        var missing = _x.Relationships.SelectMany(r => new[] { r.Source, r.Target }).Where(e => !emitted.ContainsKey(e)).Distinct().ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void ExtractAsync_MethodSignature_IsReadableDeclaration()
    {
        Assert.Equal("public static double Doubled(this IShape shape)", _x.Symbol("M:Samples.Shapes.ShapeExtensions.Doubled(Samples.Shapes.IShape)").Signature);
        Assert.Equal("public static Money operator +(Money left, Money right)", _x.Symbol("M:Samples.Shapes.Money.op_Addition(Samples.Shapes.Money,Samples.Shapes.Money)").Signature);
        Assert.Equal("public sealed class Circle", _x.Symbol("T:Samples.Shapes.Circle").Signature);
        Assert.Equal("internal", _x.Symbol("T:Samples.Shapes.Registry.ShapeRegistry").Visibility);
        Assert.Equal("private", _x.Symbol("F:Samples.Shapes.Circle._radius").Visibility);
    }

    [Fact]
    public void ExtractAsync_RecordsAndPrimaryConstructors_HaveKindsConstructorsAndPositionalProperties()
    {
        Assert.Equal(SymbolKinds.Record, _x.Symbol("T:Samples.Shapes.Point").Kind);
        Assert.Equal(SymbolKinds.RecordStruct, _x.Symbol("T:Samples.Shapes.Size").Kind);
        Assert.Equal(SymbolKinds.Constructor, _x.Symbol("M:Samples.Shapes.Point.#ctor(System.Double,System.Double)").Kind);
        Assert.Equal(SymbolKinds.Constructor, _x.Symbol("M:Samples.Shapes.Square.#ctor(System.Double)").Kind);
        var x = _x.Symbol("P:Samples.Shapes.Point.X");
        Assert.Equal((53, 21), (x.Line!.Value, x.Column!.Value));
        _x.Edge("T:Samples.Shapes.Point", "P:Samples.Shapes.Point.X", RelationshipTypes.Contains);
        Assert.False(_x.HasSymbol("P:Samples.Shapes.ColoredPoint.X")); // inherited, not redeclared
        Assert.False(_x.HasSymbol("M:Samples.Shapes.Point.ToString")); // compiler-synthesized, not referenced
    }

    [Fact]
    public void ExtractAsync_KindsOfMembers_MapToContractKinds()
    {
        Assert.Equal(SymbolKinds.Indexer, _x.Symbol("P:Samples.Shapes.Repository`1.Item(System.Int32)").Kind);
        Assert.Equal(SymbolKinds.Event, _x.Symbol("E:Samples.Shapes.Repository`1.Changed").Kind);
        Assert.Equal(SymbolKinds.EnumMember, _x.Symbol("F:Samples.Shapes.Color.Green").Kind);
        Assert.Equal(SymbolKinds.Delegate, _x.Symbol("T:Samples.Shapes.ShapeChanged").Kind);
        Assert.Equal(SymbolKinds.Operator, _x.Symbol("M:Samples.Shapes.Money.op_Implicit(System.Decimal)~Samples.Shapes.Money").Kind);
        Assert.Equal(SymbolKinds.Interface, _x.Symbol("T:Samples.Shapes.IShape").Kind);
        Assert.Equal(SymbolKinds.Namespace, _x.Symbol("N:Samples.Shapes.Registry").Kind);
        Assert.All(_x.Symbols, s => Assert.Contains(s.Kind, SymbolKinds.All));
    }

    [Fact]
    public void ExtractAsync_CallToConsoleWriteLine_EmitsExternalSymbolWithAssembly()
    {
        var writeLine = _x.Symbol("M:System.Console.WriteLine(System.Double)");
        Assert.True(writeLine.IsExternal);
        Assert.Null(writeLine.FilePath);
        Assert.Empty(writeLine.Locations);
        Assert.Equal("System.Console", writeLine.AssemblyName);
        Assert.Equal(typeof(Console).Assembly.GetName().Version!.ToString(), writeLine.AssemblyVersion);
        Assert.Equal("SampleApp", writeLine.Project); // first project that referenced it
        Assert.Equal("public static void WriteLine(double value)", writeLine.Signature);
    }

    [Fact]
    public void ExtractAsync_SourceSymbols_HaveRepositoryRelativePathsAndProjects()
    {
        var circle = _x.Symbol("T:Samples.Shapes.Circle");
        Assert.Equal(("Lib/Shapes.cs", 28, 1), (circle.FilePath, circle.Line!.Value, circle.Column!.Value));
        Assert.Equal("SampleLib", circle.Project);
        Assert.Equal("SampleLib", circle.AssemblyName);
        Assert.Null(circle.AssemblyVersion);
        Assert.Equal("A Shape that is round.", circle.Documentation);
        Assert.Equal("csharp", circle.Language);
        Assert.Equal("SampleApp", _x.Symbol("T:Program").Project);
    }

    [Fact]
    public void ExtractAsync_MalformedFile_StillExtractsWhatParses()
    {
        Assert.Equal(SymbolKinds.Method, _x.Symbol("M:Samples.Broken.Broken.Bad").Kind);
        _x.Edge("M:Samples.Broken.Broken.Good", "M:Samples.Broken.Broken.Helper(System.Int32)", RelationshipTypes.Calls);
        _x.Edge("M:Samples.Broken.Broken.Bad", "M:Samples.Broken.Broken.Good", RelationshipTypes.Calls);
        Assert.DoesNotContain(_x.Relationships, r => r.Target.SymbolKey.Contains("UnknownType", StringComparison.Ordinal) || r.Target.SymbolKey.StartsWith('!'));
    }

    [Fact]
    public void ExtractAsync_Batches_OnePerDocumentInTargetOrderThenExternals()
    {
        var files = _x.Batches.Select(b => b.FilePath ?? "-").ToList();
        Assert.Equal(
            ["Lib/Extensions.cs", "Lib/Money.cs", "Lib/Registry.cs", "Lib/Repository.Part1.cs", "Lib/Repository.Part2.cs", "Lib/Shapes.cs", "-", "App/Program.cs", "-", "Broken/Malformed.cs"],
            files);
        Assert.All(_x.Batches.Where(b => b.FilePath is not null).SelectMany(b => b.Symbols), s => Assert.False(s.IsExternal));
        Assert.Equal(8, _x.Stats.Documents);
        Assert.Equal(_x.Symbols.Count, _x.Stats.Symbols);
        Assert.Equal(_x.Relationships.Count, _x.Stats.Relationships);
    }
}
