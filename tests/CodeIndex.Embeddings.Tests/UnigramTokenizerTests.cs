using CodeIndex.Embeddings.Tests.Support;
using CodeIndex.Embeddings.Tokenization;

namespace CodeIndex.Embeddings.Tests;

/// <summary>The C# port of USE-lite's tokenizer against the original's output and the documented rules.</summary>
public sealed class UnigramTokenizerTests
{
    private static readonly Lazy<UnigramTokenizer> s_useLite = new(() =>
        UnigramTokenizer.FromVocabularyFile(Path.Combine(TestPaths.UseLiteDirectory, "vocab.json")));

    [Theory]
    [MemberData(nameof(ReferenceCase.Indices), MemberType = typeof(ReferenceCase))]
    public void Encode_ReferenceCase_MatchesOriginalTokenizer(int index)
    {
        var reference = ReferenceCase.All[index];

        Assert.Equal(reference.Tokens, s_useLite.Value.Encode(reference.Text));
    }

    [Theory]
    [InlineData("ﬁle ﬁnder", "file finder")]
    [InlineData("ＪＳＯＮ ｐａｒｓｅｒ", "JSON parser")]
    [InlineData("cafe\u0301", "café")]
    public void Encode_CompatibilityCharacters_TokenizedAsNfkc(string compatibility, string plain)
    {
        Assert.Equal(s_useLite.Value.Encode(plain), s_useLite.Value.Encode(compatibility));
    }

    [Fact]
    public void Encode_EmptyText_ReturnsNoTokens()
    {
        Assert.Empty(s_useLite.Value.Encode(""));
    }

    [Fact]
    public void Encode_MaxTokens_TruncatesToPrefix()
    {
        var text = string.Join(' ', Enumerable.Range(0, 400).Select(i => $"word{i}"));
        var full = s_useLite.Value.Encode(text);

        var truncated = s_useLite.Value.Encode(text, 512);

        Assert.True(full.Length > 512, $"test text should exceed 512 tokens, has {full.Length}");
        Assert.Equal(full[..512], truncated);
    }

    [Fact]
    public void Encode_RunOfUnknownCodePoints_CollapsesToOneUnknown()
    {
        var tokenizer = Tiny(("▁", -1), ("a", -2), ("▁a", -1.5));

        // ▁a | 日 本 (two unknown code points) | a
        Assert.Equal([8, 0, 7], tokenizer.Encode("a日本a"));
    }

    [Fact]
    public void Encode_SeparatedUnknowns_KeepsEachUnknown()
    {
        var tokenizer = Tiny(("▁", -1), ("a", -2), ("▁a", -1.5));

        Assert.Equal([8, 0, 7, 0], tokenizer.Encode("a日a本"));
    }

    [Fact]
    public void Encode_TiedPaths_LaterCandidateWins()
    {
        // "▁ab" scores -2 as one piece and -1 + -1 as "▁" + "ab": the later candidate (start 1) wins the tie.
        var tokenizer = Tiny(("▁", -1), ("▁ab", -2), ("ab", -1), ("a", -5), ("b", -5));

        Assert.Equal([6, 8], tokenizer.Encode("ab"));
    }

    [Fact]
    public void Encode_BetterSinglePiece_Wins()
    {
        var tokenizer = Tiny(("▁", -1), ("▁ab", -1.5), ("ab", -1), ("a", -5), ("b", -5));

        Assert.Equal([7], tokenizer.Encode("ab"));
    }

    [Fact]
    public void Encode_SpacesInsideText_BecomeSeparators()
    {
        var tokenizer = Tiny(("▁", -1), ("▁a", -1), ("a", -3));

        Assert.Equal([7, 7, 6, 7], tokenizer.Encode("a a  a"));
    }

    [Fact]
    public void Encode_DuplicatePiece_LaterIdWins()
    {
        var tokenizer = Tiny(("▁", -1), ("x", -1), ("x", -1));

        Assert.Equal([6, 8], tokenizer.Encode("x"));
    }

    [Fact]
    public void Encode_UnreachablePositionScoresZero_TreatedAsUnset()
    {
        // As in the original: nothing ends at position 2 ("▁a" is no piece), so best[2] stays 0 ("unset"); the unknown
        // edge from there totals 0, which beats the real path "▁ab" (-2) because 0 >= -2.
        var tokenizer = Tiny(("▁", -1), ("▁ab", -2));

        Assert.Equal([6, 0], tokenizer.Encode("ab"));
    }

    private static UnigramTokenizer Tiny(params (string Piece, double Score)[] pieces)
    {
        var reserved = new[] { ("<unk>", 0d), ("<s>", 0d), ("</s>", 0d), ("r3", 0d), ("r4", 0d), ("r5", 0d) };
        return new UnigramTokenizer([.. reserved, .. pieces]);
    }
}
