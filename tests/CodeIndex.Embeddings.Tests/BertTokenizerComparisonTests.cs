using CodeIndex.Embeddings.Tests.Support;
using CodeIndex.Embeddings.Tokenization;
using BertOptions = Microsoft.ML.Tokenizers.BertOptions;
using BertTokenizer = Microsoft.ML.Tokenizers.BertTokenizer;

namespace CodeIndex.Embeddings.Tests;

/// <summary>
/// Why the WordPiece tokenizer is our own and not <c>Microsoft.ML.Tokenizers</c>' <c>BertTokenizer</c>: on plain text the two give
/// the same ids, but BERT's uncased models strip accents after an NFD decomposition, which <c>string.Normalize</c> does not do
/// under <c>InvariantGlobalization=true</c> (this product's setting): BertTokenizer then keeps "é" and gives other ids than the
/// model was trained with, while ours decomposes with its embedded Unicode tables. If a release of the package stops
/// differing, this test fails and the package should replace ours.
/// </summary>
public sealed class BertTokenizerComparisonTests
{
    private static readonly string Vocabulary = Path.Combine(TestPaths.TinyBertDirectory, "vocab.txt");
    private static readonly Tokenization.WordPieceTokenizer Ours = WordPieceTokenizer.FromVocabularyFile(Vocabulary, lowercase: true);
    private static readonly BertTokenizer Package = BertTokenizer.Create(Vocabulary, new BertOptions { LowerCaseBeforeTokenization = true });

    [Theory]
    [InlineData("The quick brown fox jumps over the lazy dog.")]
    [InlineData("unaffable tokenizer getValue")]
    [InlineData("searcher indexer xx 12 x1")]
    public void PlainText_SameIds(string text) =>
        Assert.Equal(Ours.Encode(text), Package.EncodeToIds(text).ToArray());

    [Fact]
    public void AccentedText_PackageDiffersUnderInvariantGlobalization_OursStripsTheAccent()
    {
        Assert.Equal(Ours.Encode("quick"), Ours.Encode("quíck")); // the accent is stripped, as BERT's uncased models expect
        Assert.NotEqual(Ours.Encode("quíck"), Package.EncodeToIds("quíck").ToArray());
    }
}
