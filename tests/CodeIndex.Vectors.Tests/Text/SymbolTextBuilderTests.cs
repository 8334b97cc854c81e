using CodeIndex.Core.Model;
using CodeIndex.Vectors.Text;

namespace CodeIndex.Vectors.Tests.Text;

/// <summary>Composition of the embedded text and the embeddable-symbol rule.</summary>
public sealed class SymbolTextBuilderTests
{
    [Fact]
    public void Build_Method_KindNameTypeNamespaceDocAndSignatureWithoutAccessibility()
    {
        var text = SymbolTextBuilder.Build(new EmbeddableSymbol(SymbolKinds.Method, "GetUserByIdAsync", "MyApp.Services.UserService.GetUserByIdAsync",
            "public async Task<User> GetUserByIdAsync(int id)", "Returns the user with the given id."));

        Assert.Equal("method get user by id async, in user service, namespace my app services. Returns the user with the given id. async Task<User> GetUserByIdAsync(int id)", text);
    }

    [Fact]
    public void Build_TypeWithoutDoc_NamespaceOnlyAndInterfacePrefixDropped()
    {
        var text = SymbolTextBuilder.Build(new EmbeddableSymbol(SymbolKinds.Interface, "IShapeHTTPStore", "Samples.Shapes.IShapeHTTPStore", "public interface IShapeHTTPStore", null));

        Assert.Equal("interface shape http store, namespace samples shapes. interface IShapeHTTPStore", text);
    }

    [Fact]
    public void Build_MemberOfGenericType_GenericArgumentsLeftOutOfContainerWords()
    {
        var text = SymbolTextBuilder.Build(new EmbeddableSymbol(SymbolKinds.Method, "Add", "Samples.Shapes.Repository<T>.Add", "public void Add(T item)", null));

        Assert.Equal("method add, in repository, namespace samples shapes. void Add(T item)", text);
    }

    [Fact]
    public void Build_EnumMemberAndRecordStruct_KindWordsSplit()
    {
        Assert.StartsWith("enum member red, in color, namespace samples.",
            SymbolTextBuilder.Build(new EmbeddableSymbol(SymbolKinds.EnumMember, "Red", "Samples.Color.Red", "Red = 0", null)), StringComparison.Ordinal);
        Assert.Equal("record struct point, namespace samples",
            SymbolTextBuilder.Build(new EmbeddableSymbol(SymbolKinds.RecordStruct, "Point", "Samples.Point", null, null)));
    }

    [Fact]
    public void Build_WhitespaceInDocAndSignature_Collapsed()
    {
        var text = SymbolTextBuilder.Build(new EmbeddableSymbol(SymbolKinds.Property, "Count", "N.T.Count", "public  int\n Count { get; }", "  How many\n\t items. "));

        Assert.Equal("property count, in t, namespace n. How many items. int Count { get; }", text);
    }

    [Fact]
    public void Build_HugeDocAndSignature_CappedAtWordBoundaries()
    {
        var doc = string.Concat(Enumerable.Repeat("word ", 50_000));
        var signature = "public void M(" + string.Join(", ", Enumerable.Range(0, 500).Select(i => $"int p{i}")) + ")";

        var text = SymbolTextBuilder.Build(new EmbeddableSymbol(SymbolKinds.Method, "M", "N.T.M", signature, doc));

        Assert.True(text.Length <= SymbolTextBuilder.MaxTextChars, $"length {text.Length}");
        Assert.DoesNotContain("  ", text, StringComparison.Ordinal);
        Assert.StartsWith("method m, in t, namespace n. word word", text, StringComparison.Ordinal);
        Assert.Contains("void M(int p0,", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_EmptyNameAndNoExtras_StillHasKindWord()
    {
        Assert.Equal("method", SymbolTextBuilder.Build(new EmbeddableSymbol(SymbolKinds.Method, "", "", null, "   ")));
    }

    [Fact]
    public void Shorten_CutWithoutSpaces_NeverSplitsSurrogatePair()
    {
        var value = new string('a', 9) + "😀" + new string('b', 20);

        var cut = SymbolTextBuilder.Shorten(value, 10);

        Assert.Equal(new string('a', 9), cut);
    }

    [Theory]
    [InlineData(SymbolKinds.Namespace, false, false)]
    [InlineData(SymbolKinds.Method, true, false)]
    [InlineData(SymbolKinds.Method, false, true)]
    [InlineData(SymbolKinds.EnumMember, false, true)]
    [InlineData(SymbolKinds.Field, false, true)]
    public void IsEmbeddable_KindAndOrigin_SourceNonNamespaceOnly(string kind, bool external, bool expected) =>
        Assert.Equal(expected, SymbolTextBuilder.IsEmbeddable(kind, external));

    [Fact]
    public void TextHash_Of_Sha256LowercaseHex()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TextHash.Of("abc"));
    }
}
