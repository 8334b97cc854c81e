using CodeIndex.Core.Model;
using CodeIndex.Extraction.Tests.Support;

namespace CodeIndex.Extraction.Tests;

/// <summary>Exact edges, sites and accesses for every kind of member use, implicit call, recursion and C# 14 construct (Sources/Uses).</summary>
public sealed class UseTests : IClassFixture<UsesExtractionFixture>
{
    private const string Calls = RelationshipTypes.Calls;
    private const string Uses = RelationshipTypes.Uses;
    private const string References = RelationshipTypes.References;
    private const string Bump = "M:Uses.Counter.Bump";
    private const string Wire = "M:Uses.Counter.Wire(Uses.Counter)";
    private const string Value = "F:Uses.Counter.Value";
    private const string Run = "M:Uses.Walker.Run(Uses.Bag,Uses.Pair,Uses.Notify)";
    private readonly ExtractionResult _x;

    public UseTests(UsesExtractionFixture fixture) => _x = fixture.Result;

    [Fact]
    public void Fields_ReadWriteAndReadWrite_OneRelationshipWithASitePerUse()
    {
        Assert.Equal(["23:9 read_write", "24:9 read_write", "25:9 write", "25:17 read", "26:17 read", "29:24 read"], _x.Sites(Bump, Value, Uses));
    }

    [Fact]
    public void Properties_StayCallsWithReadAndWriteOnTheSite()
    {
        Assert.Equal(["26:9 write", "27:9 read_write"], _x.Sites(Bump, "P:Uses.Counter.Total", Calls));
        Assert.Equal(["61:44 write"], _x.Sites("M:Uses.Counter.Copy", "P:Uses.Counter.Total", Calls)); // object initializer
        Assert.Equal(["61:55 write"], _x.Sites("M:Uses.Counter.Copy", "P:Uses.Counter.State", Calls));
        Assert.Equal(["71:41 write", "71:45 read"], _x.Sites("M:Uses.Point.Moved", "P:Uses.Point.X", Calls)); // with expression
    }

    [Fact]
    public void Events_SubscribeUnsubscribeAndRaise()
    {
        const string changed = "E:Uses.Counter.Changed";
        Assert.Equal(["35:15 subscribe", "36:15 unsubscribe"], _x.Sites(Wire, changed, Uses));
        Assert.Equal(["28:9 read"], _x.Sites(Bump, changed, Uses));
    }

    [Fact]
    public void MethodGroups_AreUsesNotCalls()
    {
        Assert.Equal(["35:26 method_group", "36:26 method_group"], _x.Sites(Wire, "M:Uses.Counter.Handle(System.Object,System.EventArgs)", Uses));
        Assert.Equal(["37:23 method_group", "40:43 nameof"], _x.Sites(Wire, Bump, Uses));
        _x.NoEdge(Wire, Bump, Calls);
        _x.NoEdge(Wire, "M:Uses.Counter.Handle(System.Object,System.EventArgs)", Calls);
    }

    [Fact]
    public void RefOutDeconstructionAndNameof_CarryTheirAccess()
    {
        Assert.Equal(["38:19 read_write", "39:10 write", "40:27 nameof"], _x.Sites(Wire, Value, Uses));
        Assert.Equal(["38:30 write", "39:17 write"], _x.Sites(Wire, "F:Uses.Counter.Total2", Uses));
        Assert.Equal(["33:22 reference", "40:58 nameof"], _x.Sites(Wire, "T:Uses.Counter", References)); // the parameter type, nameof(Counter)
    }

    [Fact]
    public void EnumMembersAndConstants_InPatternsSwitchesAttributesAndDefaults()
    {
        Assert.Equal(["49:62 read"], _x.Sites("M:Uses.Counter.IsPending(Uses.Counter)", "F:Uses.Status.Pending", Uses));
        Assert.Equal(["49:48 read"], _x.Sites("M:Uses.Counter.IsPending(Uses.Counter)", "P:Uses.Counter.State", Calls)); // property pattern
        Assert.Equal(["53:16 read"], _x.Sites("M:Uses.Counter.Describe", "F:Uses.Status.Pending", Uses));
        Assert.Equal(["58:23 read"], _x.Sites("M:Uses.Counter.Legacy(System.Int32)", "F:Uses.Reasons.Old", Uses)); // attribute argument
        Assert.Equal(["59:36 read"], _x.Sites("M:Uses.Counter.Legacy(System.Int32)", "F:Uses.Counter.Max", Uses)); // default value
        Assert.Equal(["58:6 invoke"], _x.Sites("M:Uses.Counter.Legacy(System.Int32)", "M:System.ObsoleteAttribute.#ctor(System.String)", Calls));
    }

    [Fact]
    public void Crefs_AreDocUses()
    {
        Assert.Equal(["11:42 doc"], _x.Sites("T:Uses.Counter", Bump, Uses));
        Assert.Equal(["11:73 doc"], _x.Sites("T:Uses.Counter", "F:Uses.Status.Done", Uses));
    }

    [Fact]
    public void DelegateInvocation_IsAnImplicitInvokeAndAnExplicitOne()
    {
        Assert.Equal(["29:17 invoke", "30:9 invoke implicit"], _x.Sites(Bump, "M:Uses.Notify.Invoke(System.Int32)", Calls));
        Assert.Equal(["56:9 invoke implicit"], _x.Sites(Run, "M:Uses.Notify.Invoke(System.Int32)", Calls));
    }

    [Fact]
    public void ForeachAwaitUsingAndDeconstruction_AreImplicitCalls()
    {
        Assert.Equal(["49:9 invoke implicit"], _x.Sites(Run, "M:Uses.Bag.GetEnumerator", Calls));
        Assert.Equal(["49:9 invoke implicit"], _x.Sites(Run, "M:System.Collections.IEnumerator.MoveNext", Calls));
        Assert.Equal(["49:9 read implicit"], _x.Sites(Run, "P:System.Collections.Generic.IEnumerator`1.Current", Calls));
        Assert.Equal(["49:9 invoke implicit"], _x.Sites(Run, "M:System.IDisposable.Dispose", Calls)); // the enumerator's static type is the interface
        Assert.Equal(["50:9 invoke implicit"], _x.Sites(Run, "M:Uses.Resource.Dispose", Calls)); // a class: its implementation
        Assert.Equal(["51:15 invoke implicit"], _x.Sites(Run, "M:Uses.Resource.DisposeAsync", Calls));
        Assert.Equal(["51:15 invoke implicit"], _x.Sites(Run, "M:System.Threading.Tasks.ValueTask.GetAwaiter", Calls)); // await using awaits DisposeAsync()
        Assert.Equal(["51:15 invoke implicit"], _x.Sites(Run, "M:System.Runtime.CompilerServices.ValueTaskAwaiter.GetResult", Calls));
        Assert.Equal(["52:27 invoke implicit", "58:21 invoke implicit"], _x.Sites(Run, "M:Uses.Pair.Deconstruct(System.Int32@,System.Int32@)", Calls)); // deconstruction, positional pattern
        Assert.Equal(["59:9 invoke implicit"], _x.Sites(Run, "M:System.Threading.Tasks.Task.GetAwaiter", Calls));
        Assert.Equal(["59:9 read implicit"], _x.Sites(Run, "P:System.Runtime.CompilerServices.TaskAwaiter.IsCompleted", Calls));
        Assert.Equal(["59:9 invoke implicit"], _x.Sites(Run, "M:System.Runtime.CompilerServices.TaskAwaiter.GetResult", Calls));
    }

    [Fact]
    public void CollectionsConversionsLinqAndPatterns_AreImplicitCalls()
    {
        Assert.Equal(["53:31 invoke implicit", "53:34 invoke implicit", "54:23 invoke implicit", "54:26 invoke implicit"], _x.Sites(Run, "M:Uses.Bag.Add(System.Int32)", Calls));
        Assert.Equal(["53:25 invoke", "54:22 invoke implicit"], _x.Sites(Run, "M:Uses.Bag.#ctor", Calls)); // new Bag { … }; a collection expression constructs one
        Assert.Equal(["55:20 invoke implicit"], _x.Sites(Run, "M:Uses.Meters.op_Implicit(Uses.Meters)~System.Double", Calls));
        Assert.Equal(["57:46 invoke implicit"], _x.Sites(Run, "M:System.Linq.Enumerable.Where``1(System.Collections.Generic.IEnumerable{``0},System.Func{``0,System.Boolean})", Calls));
        Assert.Equal(["57:58 invoke implicit"], _x.Sites(Run, "M:System.Linq.Enumerable.Select``2(System.Collections.Generic.IEnumerable{``0},System.Func{``0,``1})", Calls));
    }

    [Fact]
    public void Constructors_ImplicitBaseCallsAreRecordedButObjectIsNot()
    {
        Assert.Equal(["40:5 invoke implicit"], _x.Sites("M:Uses.Derived.#ctor", "M:Uses.Base.#ctor", Calls));
        Assert.Equal(["43:14 invoke implicit"], _x.Sites("M:Uses.Implied.#ctor", "M:Uses.Base.#ctor", Calls));
        Assert.DoesNotContain(_x.Relationships, r => r.Target.SymbolKey == "M:System.Object.#ctor");
    }

    [Fact]
    public void Recursion_SelfAndMutualEdgesAreKept()
    {
        Assert.Equal(["5:60 invoke"], _x.Sites("M:Uses.Recursion.Factorial(System.Int32)", "M:Uses.Recursion.Factorial(System.Int32)", Calls));
        _x.Edge("M:Uses.Recursion.IsEven(System.Int32)", "M:Uses.Recursion.IsOdd(System.Int32)", Calls);
        _x.Edge("M:Uses.Recursion.IsOdd(System.Int32)", "M:Uses.Recursion.IsEven(System.Int32)", Calls);
    }

    [Fact]
    public void CSharp14_FieldKeywordIsAUseOfItsProperty()
    {
        Assert.Equal(["15:33 read", "15:47 write"], _x.Sites("P:Uses.Modern.Name", "P:Uses.Modern.Name", Uses));
        Assert.DoesNotContain(_x.Symbols, s => s.SymbolKey.Contains("BackingField", StringComparison.Ordinal));
    }

    [Fact]
    public void CSharp14_ExtensionMembersAreKeyedAsDeclaredAndBothCallSpellingsReachThem()
    {
        var twice = Assert.Single(_x.Symbols, s => s.Name == "Twice");
        Assert.StartsWith("M:Uses.TextExtensions.<G>$", twice.SymbolKey, StringComparison.Ordinal);
        Assert.Equal("method", twice.Kind);
        Assert.Equal("Uses.TextExtensions.Twice", twice.QualifiedName);
        Assert.Equal("extension(string text) public string Twice()", twice.Signature);
        var blank = Assert.Single(_x.Symbols, s => s.Name == "IsBlank");
        Assert.Equal("property", blank.Kind);
        _x.Edge("T:Uses.TextExtensions", twice.SymbolKey, RelationshipTypes.Contains);
        Assert.Equal(["21:23 invoke", "23:37 invoke"], _x.Sites("M:Uses.Modern.Use(System.String)", twice.SymbolKey, Calls));
        Assert.Equal(["22:23 read"], _x.Sites("M:Uses.Modern.Use(System.String)", blank.SymbolKey, Calls));
        Assert.Equal(["24:15 write"], _x.Sites("M:Uses.Modern.Use(System.String)", "P:Uses.Modern.Name", Calls)); // null-conditional assignment
    }

    [Fact]
    public void InitializerIndexersNonNameDelegatesRefReadonlyAndAnonymousMembers_CarryTheirAccess()
    {
        const string build = "M:Uses.Edges.Build";
        Assert.Equal(["14:49 write"], _x.Sites(build, "P:System.Collections.Generic.Dictionary`2.Item(`0)", Calls)); // { ["a"] = 1 }
        Assert.Equal(["15:19 invoke implicit"], _x.Sites(build, "M:System.Action`1.Invoke(`0)", Calls)); // _factory()(2)
        Assert.Equal(["15:9 invoke implicit"], _x.Sites(build, "M:System.Func`1.Invoke", Calls));
        Assert.Equal(["16:41 read", "17:35 read_write"], _x.Sites(build, "F:Uses.Edges._count", Uses)); // ref readonly parameter, ref parameter
        Assert.Equal(["18:22 write"], _x.Sites(build, "P:.Size", Calls)); // new { Size = … }
    }

    [Fact]
    public void AwaitForeach_CallsTheAsyncEnumeratorAndAwaitsMoveNextAndDispose()
    {
        const string stream = "M:Uses.Edges.Stream(System.Collections.Generic.IAsyncEnumerable{System.Int32})";
        Assert.Equal(["23:15 invoke implicit"], _x.Sites(stream, "M:System.Collections.Generic.IAsyncEnumerable`1.GetAsyncEnumerator(System.Threading.CancellationToken)", Calls));
        Assert.Equal(["23:15 invoke implicit"], _x.Sites(stream, "M:System.Collections.Generic.IAsyncEnumerator`1.MoveNextAsync", Calls));
        Assert.Equal(["23:15 read implicit"], _x.Sites(stream, "P:System.Collections.Generic.IAsyncEnumerator`1.Current", Calls));
        Assert.Equal(["23:15 invoke implicit"], _x.Sites(stream, "M:System.IAsyncDisposable.DisposeAsync", Calls));
        Assert.Equal(["23:15 invoke implicit"], _x.Sites(stream, "M:System.Threading.Tasks.ValueTask`1.GetAwaiter", Calls)); // MoveNextAsync() is awaited
        Assert.Equal(["23:15 invoke implicit"], _x.Sites(stream, "M:System.Threading.Tasks.ValueTask.GetAwaiter", Calls)); // DisposeAsync() is awaited
    }

    [Fact]
    public async Task FailedBinding_WithOneCandidate_StaysRecordedAndIsFlagged()
    {
        var target = SampleWorkspace.Single("Candidates", ("Broken/Candidates.cs", SampleWorkspace.Text("""
            public class C
            {
                public static int Helper(int value) => value;
                public int Bad() => Helper("not an int");
                public int Good() => Helper(1);
            }
            """)));
        var x = await ExtractionResult.RunAsync([target]);
        Assert.Equal(["4:25 invoke candidate"], x.Sites("M:C.Bad", "M:C.Helper(System.Int32)", Calls));
        Assert.Equal(["5:26 invoke"], x.Sites("M:C.Good", "M:C.Helper(System.Int32)", Calls));
    }

    [Fact]
    public async Task Uses_HaveNoCompileErrorsInTheFixture()
    {
        var compilation = (await SampleWorkspace.UsesTargets()[0].Project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).Select(d => d.ToString()));
    }
}
