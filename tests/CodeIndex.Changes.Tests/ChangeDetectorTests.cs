namespace CodeIndex.Changes.Tests;

/// <summary>Which declarations a diff's lines touch and which of them really changed (syntax only, comments and whitespace ignored).</summary>
public sealed class ChangeDetectorTests
{
    private const string Before = """
        namespace Shop;

        /// <summary>Orders.</summary>
        public class Orders : IOrders
        {
            private int _count, _total = 1;

            public Orders(int count) { _count = count; }

            public int Place(string item)
            {
                // count it
                return ++_count;
            }

            public int Place(int quantity) => quantity;

            public int Count => _count;

            public int this[int i] => i;

            public static Orders operator +(Orders a, Orders b) => a;
        }

        public enum State { Open, Closed }
        """;

    [Fact]
    public void Read_GivesEveryDeclarationWithKeyLinesAndKind()
    {
        var declarations = DeclarationReader.Read(Before);
        var keys = declarations.Select(d => $"{d.Kind} {d.Key} {d.StartLine}-{d.EndLine}").ToArray();

        Assert.Equal(
        [
            "type Shop.Orders 4-5",
            "field Shop.Orders._count 6-6",
            "field Shop.Orders._total 6-6",
            "constructor Shop.Orders..ctor(int) 8-8",
            "method Shop.Orders.Place(string) 10-14",
            "method Shop.Orders.Place(int) 16-16",
            "property Shop.Orders.Count 18-18",
            "indexer Shop.Orders.this[int] 20-20",
            "operator Shop.Orders.operator +(Orders, Orders) 22-22",
            "type Shop.State 25-25",
            "enum_member Shop.State.Open 25-25",
            "enum_member Shop.State.Closed 25-25",
        ], keys);
    }

    [Theory]
    [InlineData("// count it", "// count it, once", 12, "", 1)] // a comment in a body: the method is touched, and equal
    [InlineData("return ++_count;", "return   ++_count ;", 13, "", 1)] // whitespace
    [InlineData("/// <summary>Orders.</summary>", "/// <summary>All orders.</summary>", 3, "", 0)] // a doc comment is in no declaration's span
    [InlineData("return ++_count;", "return _count++;", 13, "modified Shop.Orders.Place(string)", 0)]
    [InlineData("public int Place(int quantity) => quantity;", "public int Place(int quantity) => quantity * 2;", 16, "modified Shop.Orders.Place(int)", 0)]
    [InlineData("public class Orders : IOrders", "public sealed class Orders : IOrders", 4, "modified Shop.Orders", 0)] // the header, not the members
    [InlineData("private int _count, _total = 1;", "private int _count, _total = 2;", 6, "modified Shop.Orders._total", 1)] // _count shares the line, unchanged
    public void Detect_AnEditedLine_ChangesWhatItsTokensChange(string from, string to, int line, string expected, int unchanged)
    {
        var after = Before.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Before, after);
        var set = ChangeDetector.Detect([new FileDiff("a.cs", "a.cs", new HashSet<int> { line }, new HashSet<int> { line })], _ => Before, _ => after);

        Assert.Equal(expected, string.Join("; ", set.Changes.Select(c => $"{c.Change} {c.Either.Key}")));
        Assert.Equal(unchanged, set.UnchangedTouched);
    }

    [Fact]
    public void Detect_AddedAndDeletedMembers_AndWholeFiles()
    {
        var after = Before.Replace("    public int Count => _count;\n", "", StringComparison.Ordinal)
            .Replace("    public int this[int i] => i;", "    public int this[int i] => i;\n\n    public void Reset() => _count = 0;", StringComparison.Ordinal);
        var members = ChangeDetector.Detect([new FileDiff("a.cs", "a.cs", new HashSet<int> { 18 }, new HashSet<int> { 21 })], _ => Before, _ => after);
        Assert.Equal(["added Shop.Orders.Reset()", "deleted Shop.Orders.Count"], members.Changes.Select(c => $"{c.Change} {c.Either.Key}").Order(StringComparer.Ordinal));

        var added = ChangeDetector.Detect([new FileDiff(null, "new.cs", new HashSet<int>(), Enumerable.Range(1, 30).ToHashSet())], _ => null, _ => Before);
        Assert.All(added.Changes, c => Assert.Equal("added", c.Change));
        Assert.Equal(12, added.Changes.Count);
        var deleted = ChangeDetector.Detect([new FileDiff("old.cs", null, Enumerable.Range(1, 30).ToHashSet(), new HashSet<int>())], _ => Before, _ => null);
        Assert.All(deleted.Changes, c => Assert.Equal("deleted", c.Change));
    }

    [Fact]
    public void Detect_ALineBetweenMembers_TouchesNothing()
    {
        var after = Before.Replace("    public int Count => _count;", "    // a note\n    public int Count => _count;", StringComparison.Ordinal);
        var set = ChangeDetector.Detect([new FileDiff("a.cs", "a.cs", new HashSet<int>(), new HashSet<int> { 18 })], _ => Before, _ => after);
        Assert.Empty(set.Changes);
    }
}
