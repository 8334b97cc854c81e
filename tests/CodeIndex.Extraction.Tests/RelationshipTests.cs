using CodeIndex.Core.Model;
using CodeIndex.Extraction.Tests.Support;

namespace CodeIndex.Extraction.Tests;

/// <summary>Hand-written assertions of specific edges found in the sample sources (one per relationship rule).</summary>
public sealed class RelationshipTests : IClassFixture<SampleExtractionFixture>
{
    private const string Calls = RelationshipTypes.Calls;
    private const string References = RelationshipTypes.References;
    private readonly ExtractionResult _x;

    public RelationshipTests(SampleExtractionFixture fixture) => _x = fixture.Result;

    [Fact]
    public void ExtractAsync_Inheritance_EmitsExtendsForClassesAndInterfaceBasesButNotObject()
    {
        var edge = _x.Edge("T:Samples.Shapes.Circle", "T:Samples.Shapes.Shape", RelationshipTypes.Extends);
        Assert.Equal(new SiteLocation("Lib/Shapes.cs", 28, 30), edge.Site);
        _x.Edge("T:Samples.Shapes.ISolid", "T:Samples.Shapes.IShape", RelationshipTypes.Extends);
        _x.NoEdge("T:Samples.Shapes.ISolid", "T:Samples.Shapes.IShape", RelationshipTypes.Implements);
        _x.NoEdge("T:Samples.Shapes.Shape", "T:System.Object", RelationshipTypes.Extends);
    }

    [Fact]
    public void ExtractAsync_InterfaceImplementations_EmitsTypeAndMemberImplements()
    {
        _x.Edge("T:Samples.Shapes.Shape", "T:Samples.Shapes.IShape", RelationshipTypes.Implements);
        _x.Edge("T:Samples.Shapes.Circle", "T:System.IComparable`1", RelationshipTypes.Implements);

        // implicit
        _x.Edge("M:Samples.Shapes.Shape.Area", "M:Samples.Shapes.IShape.Area", RelationshipTypes.Implements);
        _x.Edge("P:Samples.Shapes.Shape.Name", "P:Samples.Shapes.IShape.Name", RelationshipTypes.Implements);
        _x.Edge("M:Samples.Shapes.Repository`1.GetEnumerator", "M:System.Collections.Generic.IEnumerable`1.GetEnumerator", RelationshipTypes.Implements);

        // explicit, against the original (unconstructed) interface member
        _x.Edge("M:Samples.Shapes.Circle.System#IComparable{Samples#Shapes#Circle}#CompareTo(Samples.Shapes.Circle)", "M:System.IComparable`1.CompareTo(`0)", RelationshipTypes.Implements);
        _x.Edge("M:Samples.Shapes.Repository`1.System#Collections#IEnumerable#GetEnumerator", "M:System.Collections.IEnumerable.GetEnumerator", RelationshipTypes.Implements);

        // Circle.Area overrides Shape.Area; the interface is implemented by Shape, not re-declared here.
        _x.NoEdge("M:Samples.Shapes.Circle.Area", "M:Samples.Shapes.IShape.Area", RelationshipTypes.Implements);
    }

    [Fact]
    public void ExtractAsync_Overrides_EmitsMemberToOverriddenMember()
    {
        _x.Edge("M:Samples.Shapes.Circle.Area", "M:Samples.Shapes.Shape.Area", RelationshipTypes.Overrides);
        _x.Edge("P:Samples.Shapes.Circle.Name", "P:Samples.Shapes.Shape.Name", RelationshipTypes.Overrides);
        _x.Edge("M:Samples.Shapes.Square.Area", "M:Samples.Shapes.Shape.Area", RelationshipTypes.Overrides);
    }

    [Fact]
    public void ExtractAsync_Contains_EmitsNamespaceTypeMemberAndNestedType()
    {
        _x.Edge("N:Samples", "N:Samples.Shapes", RelationshipTypes.Contains);
        _x.Edge("N:Samples.Shapes", "N:Samples.Shapes.Registry", RelationshipTypes.Contains);
        _x.Edge("N:Samples.Shapes", "T:Samples.Shapes.Circle", RelationshipTypes.Contains);
        _x.Edge("T:Samples.Shapes.Circle", "M:Samples.Shapes.Circle.Area", RelationshipTypes.Contains);
        _x.Edge("T:Samples.Shapes.Repository`1", "T:Samples.Shapes.Repository`1.Page", RelationshipTypes.Contains);
        _x.Edge("T:Samples.Shapes.Repository`1.Page", "P:Samples.Shapes.Repository`1.Page.Number", RelationshipTypes.Contains);
        _x.Edge("T:Samples.Shapes.Color", "F:Samples.Shapes.Color.Green", RelationshipTypes.Contains);
        _x.NoEdge("N:Samples.Shapes", "T:Samples.Shapes.Repository`1.Page", RelationshipTypes.Contains);
    }

    [Fact]
    public void ExtractAsync_Imports_EmitsFromEachTopLevelTypeOfTheFile()
    {
        var edge = _x.Edge("T:Samples.Shapes.Registry.ShapeRegistry", "N:System.Collections.Generic", RelationshipTypes.Imports);
        Assert.Equal(new SiteLocation("Lib/Registry.cs", 2, 7), edge.Site);
        _x.Edge("T:Samples.Shapes.Circle", "N:System", RelationshipTypes.Imports);
        _x.Edge("T:Samples.Shapes.Repository`1", "N:System.Linq", RelationshipTypes.Imports); // from the second partial file
        _x.Edge("T:Program", "N:Samples.Shapes", RelationshipTypes.Imports);
        _x.NoEdge("T:Samples.Shapes.Repository`1.Page", "N:System.Linq", RelationshipTypes.Imports); // nested types do not import
    }

    [Fact]
    public void ExtractAsync_GenericTypeArguments_ReferencesEveryNamedType()
    {
        const string byName = "F:Samples.Shapes.Registry.ShapeRegistry._byName"; // Dictionary<string, List<Square>>
        _x.Edge(byName, "T:System.Collections.Generic.Dictionary`2", References);
        _x.Edge(byName, "T:System.String", References);
        _x.Edge(byName, "T:System.Collections.Generic.List`1", References);
        var square = _x.Edge(byName, "T:Samples.Shapes.Square", References);
        Assert.Equal(new SiteLocation("Lib/Registry.cs", 12, 50), square.Site);

        _x.Edge("P:Samples.Shapes.Registry.ShapeRegistry.Circles", "T:Samples.Shapes.Circle", References); // List<Circle>
        _x.Edge("P:Samples.Shapes.Registry.ShapeRegistry.Recent", "T:Samples.Shapes.Circle", References); // Circle[]?
        _x.Edge("P:Samples.Shapes.Registry.ShapeRegistry.Origin", "T:Samples.Shapes.Point", References); // Point?
        _x.Edge("M:Samples.Shapes.Registry.ShapeRegistry.First``1", "T:Samples.Shapes.Shape", References); // constraint
        _x.Edge("T:Samples.Shapes.Repository`1", "T:Samples.Shapes.IShape", References); // type constraint
    }

    [Fact]
    public void ExtractAsync_TypeUsesInBodies_ReferencesTypeofCastIsAsAttributeAndStaticAccess()
    {
        const string describe = "M:Samples.Shapes.Registry.ShapeRegistry.Describe(System.Object)";
        Assert.Equal(2, _x.Edges(describe, "T:Samples.Shapes.Square", References).Count); // `is Square`, typeof(Square)
        _x.Edge(describe, "T:Samples.Shapes.Circle", References); // as
        _x.Edge(describe, "T:Samples.Shapes.Size", References); // cast
        _x.Edge(describe, "T:Samples.Shapes.Money", References); // typeof
        _x.Edge("T:Samples.Shapes.Registry.ShapeRegistry", "T:System.SerializableAttribute", References); // attribute → class
        _x.Edge("M:Samples.Shapes.Registry.ShapeRegistry.Capacity", "T:System.Math", References); // Math.Max
        _x.Edge("M:Samples.Shapes.Registry.ShapeRegistry.Capacity", "M:System.Math.Max(System.Int32,System.Int32)", Calls);
    }

    [Fact]
    public void ExtractAsync_ObjectCreation_CallsConstructorAndReferencesType()
    {
        const string main = "M:Program.{Main}$(System.String[])";
        var call = _x.Edge(main, "M:Samples.Shapes.Circle.#ctor(System.Double)", Calls);
        Assert.Equal(new SiteLocation("App/Program.cs", 4, 18), call.Site);
        _x.Edge(main, "T:Samples.Shapes.Circle", References);

        // target-typed new() in a field initializer: the caller is the field
        _x.Edge("F:Samples.Shapes.Registry.ShapeRegistry._byName", "M:System.Collections.Generic.Dictionary`2.#ctor", Calls);
    }

    [Fact]
    public void ExtractAsync_ConstructorInitializers_CallThisBaseAndPrimaryBase()
    {
        _x.Edge("M:Samples.Shapes.Circle.#ctor", "M:Samples.Shapes.Circle.#ctor(System.Double)", Calls); // this(1.0)
        var primaryBase = _x.Edge("M:Samples.Shapes.ColoredPoint.#ctor(System.Double,System.Double,System.String)", "M:Samples.Shapes.Point.#ctor(System.Double,System.Double)", Calls);
        Assert.Equal(new SiteLocation("Lib/Shapes.cs", 55, 69), primaryBase.Site);
    }

    [Fact]
    public void ExtractAsync_ExtensionMethodCalledAsInstance_CallsStaticDefinition()
    {
        _x.Edge("M:Samples.Shapes.Repository`1.TotalArea", "M:Samples.Shapes.ShapeExtensions.Doubled(Samples.Shapes.IShape)", Calls);
        _x.Edge("M:Samples.Shapes.Repository`1.TotalArea", "M:System.Linq.Enumerable.Sum``1(System.Collections.Generic.IEnumerable{``0},System.Func{``0,System.Double})", Calls);
    }

    [Fact]
    public void ExtractAsync_LocalFunctionsAndLambdas_AttributeCallsToContainingMember()
    {
        // `double Sum() => _items.Sum(item => item.Area());` inside TotalArea
        _x.Edge("M:Samples.Shapes.Repository`1.TotalArea", "M:Samples.Shapes.IShape.Area", Calls);
        Assert.DoesNotContain(_x.Symbols, s => s.Name == "Sum" && !s.IsExternal);
    }

    [Fact]
    public void ExtractAsync_PropertyIndexerAndInitializers_CallPropertyWithInnermostMemberAsCaller()
    {
        _x.Edge("M:Samples.Shapes.Repository`1.TotalArea", "P:Samples.Shapes.Repository`1.Count", Calls);
        _x.Edge("M:Samples.Shapes.Repository`1.TotalArea", "P:Samples.Shapes.Repository`1.Item(System.Int32)", Calls); // this[0]
        _x.Edge("P:Samples.Shapes.Repository`1.Count", "P:System.Collections.Generic.List`1.Count", Calls); // from the getter
        _x.Edge("F:Samples.Shapes.Repository`1._items", "M:Samples.Shapes.Repository`1.CreateStore", Calls); // field initializer
        _x.Edge("M:Samples.Shapes.Square.Area", "P:Samples.Shapes.Square.Side", Calls);
    }

    [Fact]
    public void ExtractAsync_Operators_CallUserDefinedOperatorsAndConversions()
    {
        const string twice = "M:Samples.Shapes.Money.Twice(Samples.Shapes.Money)";
        Assert.Equal(2, _x.Edges(twice, "M:Samples.Shapes.Money.op_Addition(Samples.Shapes.Money,Samples.Shapes.Money)", Calls).Count); // + and +=
        _x.Edge(twice, "M:Samples.Shapes.Money.op_Explicit(Samples.Shapes.Money)~System.Decimal", Calls);
        _x.Edge(twice, "M:Samples.Shapes.Money.op_Implicit(System.Decimal)~Samples.Shapes.Money", Calls);
        Assert.DoesNotContain(_x.Relationships, r => r.Target.SymbolKey.Contains("op_Addition(System.Decimal", StringComparison.Ordinal)); // built-in
    }

    [Fact]
    public void ExtractAsync_TopLevelStatements_CallerIsSynthesizedEntryPoint()
    {
        const string main = "M:Program.{Main}$(System.String[])";
        _x.Edge(main, "M:System.Console.WriteLine(System.Double)", Calls);
        _x.Edge(main, "M:Samples.Shapes.Circle.Area", Calls);
        _x.Edge(main, "P:Samples.Shapes.IShape.Name", Calls); // inside a local function
        _x.Edge("T:Program", main, RelationshipTypes.Contains);
        Assert.Equal(SymbolKinds.Method, _x.Symbol(main).Kind);
    }

    [Fact]
    public void ExtractAsync_AllRelationships_UseOnlyKnownTypesAndAccesses()
    {
        Assert.All(_x.Relationships, r => Assert.Contains(r.Type, RelationshipTypes.All));
        Assert.All(_x.Relationships, r => Assert.True(r.Access is null || SiteAccess.IsKnown(r.Access), r.Access));

        // Which accesses each relationship type may carry (docs/schema.md): a use site always says how it uses its target.
        string[] calls = [SiteAccess.Invoke, SiteAccess.Read, SiteAccess.Write, SiteAccess.ReadWrite];
        string[] uses = [SiteAccess.Read, SiteAccess.Write, SiteAccess.ReadWrite, SiteAccess.Subscribe, SiteAccess.Unsubscribe, SiteAccess.NameOf, SiteAccess.MethodGroup, SiteAccess.Doc];
        string[] references = [SiteAccess.Reference, SiteAccess.NameOf, SiteAccess.Doc];
        Assert.All(_x.Relationships.Where(r => r.Type == RelationshipTypes.Calls), r => Assert.Contains(r.Access, calls));
        Assert.All(_x.Relationships.Where(r => r.Type == RelationshipTypes.Uses), r => Assert.Contains(r.Access, uses));
        Assert.All(_x.Relationships.Where(r => r.Type == RelationshipTypes.References), r => Assert.Contains(r.Access, references));
        Assert.All(_x.Relationships.Where(r => r.Type is RelationshipTypes.Contains or RelationshipTypes.Imports or RelationshipTypes.Extends or RelationshipTypes.Implements or RelationshipTypes.Overrides), r => Assert.Null(r.Access));
        Assert.All(_x.Relationships.Where(r => r.IsImplicit), r => Assert.Equal(RelationshipTypes.Calls, r.Type));
        foreach (var type in RelationshipTypes.All)
        {
            Assert.Contains(_x.Relationships, r => r.Type == type);
        }
    }
}
