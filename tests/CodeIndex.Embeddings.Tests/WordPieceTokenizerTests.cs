using CodeIndex.Core.Errors;
using CodeIndex.Embeddings.Tests.Support;
using CodeIndex.Embeddings.Tokenization;

namespace CodeIndex.Embeddings.Tests;

/// <summary>WordPiece ids for models/tiny-bert-test/vocab.txt, worked out by hand (id = line number from 0: [UNK]=1, [CLS]=2, [SEP]=3).</summary>
public sealed class WordPieceTokenizerTests
{
    private static readonly WordPieceTokenizer s_uncased = WordPieceTokenizer.FromVocabularyFile(Path.Combine(TestPaths.TinyBertDirectory, "vocab.txt"), lowercase: true);
    private static readonly WordPieceTokenizer s_cased = WordPieceTokenizer.FromVocabularyFile(Path.Combine(TestPaths.TinyBertDirectory, "vocab.txt"), lowercase: false);

    [Theory]
    [InlineData("The quick brown fox jumps over the lazy dog.", new[] { 2, 5, 6, 7, 8, 9, 10, 13, 5, 14, 15, 22, 3 })] // jumps = jump ##s
    [InlineData("unaffable", new[] { 2, 16, 17, 18, 3 })] // un ##aff ##able
    [InlineData("tokenizer", new[] { 2, 43, 44, 45, 3 })] // token ##ize ##r
    [InlineData("abc", new[] { 2, 36, 37, 38, 3 })] // a ##b ##c
    [InlineData("getValue", new[] { 2, 46, 47, 3 })] // lowercased: get ##value
    [InlineData("searcher indexer", new[] { 2, 35, 34, 33, 34, 3 })]
    [InlineData("xx 12 x1", new[] { 2, 49, 50, 51, 54, 49, 53, 3 })] // x ##x, 1 ##2, x ##1
    public void Encode_SplitsWordsIntoContinuationPieces(string text, int[] expected)
    {
        Assert.Equal(expected, s_uncased.Encode(text));
    }

    [Theory]
    [InlineData("xyz", new[] { 2, 1, 3 })] // x matches, ##y does not: the whole word is [UNK], not x [UNK]
    [InlineData("don't", new[] { 2, 1, 28, 1, 3 })] // don ' t
    [InlineData("fox xyz dog", new[] { 2, 8, 1, 15, 3 })]
    public void Encode_UnsplittableWord_IsOneUnknown(string text, int[] expected)
    {
        Assert.Equal(expected, s_uncased.Encode(text));
    }

    [Fact]
    public void Encode_WordLongerThan100Chars_IsUnknown_100CharsIsSplit()
    {
        var hundred = "a" + new string('b', 99);
        var hundredOne = "a" + new string('b', 100);

        Assert.Equal([2, 1, 3], s_uncased.Encode(hundredOne));
        Assert.Equal([2, 36, .. Enumerable.Repeat(37, 99), 3], s_uncased.Encode(hundred));
    }

    [Theory]
    [InlineData("Hello, world", new[] { 2, 19, 21, 20, 3 })]
    [InlineData("a_b", new[] { 2, 36, 48, 39, 3 })] // ASCII symbols count as punctuation
    [InlineData("x=1", new[] { 2, 49, 55, 51, 3 })]
    [InlineData("(code-index)", new[] { 2, 25, 32, 27, 33, 26, 3 })]
    [InlineData("x:a!?", new[] { 2, 49, 56, 36, 23, 24, 3 })]
    [InlineData("hello\u00BFworld", new[] { 2, 19, 1, 20, 3 })] // ¿ (Po) splits, is not in the vocabulary
    public void Encode_SplitsOnPunctuation(string text, int[] expected)
    {
        Assert.Equal(expected, s_uncased.Encode(text));
    }

    [Theory]
    [InlineData("Café résumé naïve", new[] { 2, 29, 30, 31, 3 })]
    [InlineData("CAFÉ", new[] { 2, 29, 3 })]
    [InlineData("cafe\u0301", new[] { 2, 29, 3 })] // already decomposed
    [InlineData("HELLO World", new[] { 2, 19, 20, 3 })]
    public void Encode_Uncased_LowercasesAndStripsAccents(string text, int[] expected)
    {
        Assert.Equal(expected, s_uncased.Encode(text));
    }

    [Theory]
    [InlineData("Café", new[] { 2, 1, 3 })]
    [InlineData("Cafe", new[] { 2, 1, 3 })]
    [InlineData("cafe hello", new[] { 2, 29, 19, 3 })]
    public void Encode_Cased_KeepsCaseAndAccents(string text, int[] expected)
    {
        Assert.Equal(expected, s_cased.Encode(text));
    }

    [Theory]
    [InlineData("x中文x", new[] { 2, 49, 41, 42, 49, 3 })]
    [InlineData("hello\tworld\u00A0!", new[] { 2, 19, 20, 23, 3 })] // tab and no-break space are whitespace
    [InlineData("hel\u200Blo\u0000", new[] { 2, 19, 3 })] // format and NUL characters are removed
    public void Encode_CjkWhitespaceAndControlCharacters(string text, int[] expected)
    {
        Assert.Equal(expected, s_uncased.Encode(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t ")]
    [InlineData("\u200B\u0000")]
    public void Encode_NoWords_ReturnsEmpty(string text)
    {
        Assert.Empty(s_uncased.Encode(text));
    }

    [Theory]
    [InlineData("the quick brown fox", 4, new[] { 2, 5, 6, 3 })]
    [InlineData("unaffable dog", 4, new[] { 2, 16, 17, 3 })] // cut inside a word
    [InlineData("unaffable dog", 6, new[] { 2, 16, 17, 18, 15, 3 })] // exactly fits
    [InlineData("fox", 2, new[] { 2, 3 })]
    public void Encode_Truncates_KeepingSep(string text, int maxTokens, int[] expected)
    {
        Assert.Equal(expected, s_uncased.Encode(text, maxTokens));
    }

    [Fact]
    public void Encode_MaxTokensBelowTwo_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => s_uncased.Encode("fox", 1));
    }

    [Fact]
    public void Constructor_VocabularyWithoutSpecialTokens_NamesThem()
    {
        var ex = Assert.Throws<OperationFailedException>(() => new WordPieceTokenizer(["[PAD]", "[UNK]", "a"], lowercase: true));

        Assert.Equal("embedding_model_invalid", ex.Code);
        Assert.Contains("[CLS], [SEP]", ex.Message);
        Assert.DoesNotContain("[UNK]", ex.Message);
    }
}
