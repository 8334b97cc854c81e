using CodeIndex.Core.Errors;

namespace CodeIndex.Embeddings.Tokenization;

/// <summary>BERT WordPiece: basic tokenization, greedy longest-match-first pieces with <c>##</c> continuations, <c>[CLS]</c> … <c>[SEP]</c>.</summary>
/// <remarks>
/// Written by hand although <c>Microsoft.ML.Tokenizers</c>' <c>BertTokenizer</c> is served: it gives the same ids on plain text, but
/// uncased BERT strips accents after an NFD decomposition, which <c>string.Normalize</c> skips under <c>InvariantGlobalization=true</c>
/// (this product's setting), so the package keeps "é" and produces ids the model was not trained with; this one decomposes with
/// the embedded Unicode tables. <c>BertTokenizerComparisonTests</c> shows both facts and fails when the package stops differing.
/// </remarks>
internal sealed class WordPieceTokenizer : ITokenizer
{
    /// <summary>Words longer than this (in code points) become <c>[UNK]</c>, as in BERT.</summary>
    public const int MaxCharsPerWord = 100;

    private const string ContinuationPrefix = "##";

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _starts;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _continuations;
    private readonly BertBasicTokenizer _basic;

    /// <summary>Builds the tokenizer from vocabulary tokens (index = id; a repeated token keeps its last id, as BERT's loader does).</summary>
    public WordPieceTokenizer(IReadOnlyList<string> vocabulary, bool lowercase, string source = "the vocabulary")
    {
        var starts = new Dictionary<string, int>(StringComparer.Ordinal);
        var continuations = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < vocabulary.Count; id++)
        {
            var token = vocabulary[id];
            if (token.StartsWith(ContinuationPrefix, StringComparison.Ordinal) && token.Length > ContinuationPrefix.Length)
            {
                continuations[token[ContinuationPrefix.Length..]] = id;
            }

            starts[token] = id;
        }

        var missing = new[] { "[CLS]", "[SEP]", "[UNK]" }.Where(t => !starts.ContainsKey(t)).ToList();
        if (missing.Count > 0)
        {
            throw new OperationFailedException("embedding_model_invalid", $"The WordPiece vocabulary {source} lacks the special token(s) {string.Join(", ", missing)}. To fix this, use the model's own vocab.txt.");
        }

        ClsId = starts["[CLS]"];
        SepId = starts["[SEP]"];
        UnknownId = starts["[UNK]"];
        _starts = starts.GetAlternateLookup<ReadOnlySpan<char>>();
        _continuations = continuations.GetAlternateLookup<ReadOnlySpan<char>>();
        _basic = new BertBasicTokenizer(lowercase);
    }

    public int ClsId { get; }

    public int SepId { get; }

    public int UnknownId { get; }

    /// <summary>Loads a BERT <c>vocab.txt</c>: one token per line, the line number (from 0) is the id.</summary>
    public static WordPieceTokenizer FromVocabularyFile(string path, bool lowercase)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException ex)
        {
            throw new OperationFailedException("embedding_model_invalid", $"The vocabulary file '{path}' could not be read: {ex.Message}", ex);
        }

        return new WordPieceTokenizer(lines, lowercase, $"'{path}'");
    }

    public int[] Encode(string text, int maxTokens = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 2);
        var words = _basic.Tokenize(text);
        if (words.Count == 0)
        {
            return [];
        }

        // Room for the pieces: everything but the final [SEP], which truncation always keeps.
        var limit = maxTokens == int.MaxValue ? int.MaxValue : maxTokens - 1;
        var ids = new List<int> { ClsId };
        foreach (var word in words)
        {
            if (ids.Count >= limit)
            {
                break;
            }

            AppendPieces(word, ids);
        }

        if (ids.Count > limit)
        {
            ids.RemoveRange(limit, ids.Count - limit);
        }

        ids.Add(SepId);
        return [.. ids];
    }

    /// <summary>Greedy longest-match-first split of one word; the whole word is <c>[UNK]</c> when any remainder has no piece.</summary>
    private void AppendPieces(string word, List<int> ids)
    {
        var boundaries = RuneBoundaries(word);
        if (boundaries.Count - 1 > MaxCharsPerWord)
        {
            ids.Add(UnknownId);
            return;
        }

        var first = ids.Count;
        var start = 0; // index into boundaries
        while (start < boundaries.Count - 1)
        {
            var found = -1;
            var end = boundaries.Count - 1;
            for (; end > start; end--)
            {
                var piece = word.AsSpan(boundaries[start], boundaries[end] - boundaries[start]);
                if ((start == 0 ? _starts : _continuations).TryGetValue(piece, out found))
                {
                    break;
                }
            }

            if (end == start)
            {
                ids.RemoveRange(first, ids.Count - first);
                ids.Add(UnknownId);
                return;
            }

            ids.Add(found);
            start = end;
        }
    }

    /// <summary>UTF-16 offsets where each code point starts, plus the length (so a surrogate pair is never split).</summary>
    private static List<int> RuneBoundaries(string word)
    {
        var boundaries = new List<int>(word.Length + 1);
        for (var i = 0; i < word.Length; i += char.IsSurrogatePair(word, i) ? 2 : 1)
        {
            boundaries.Add(i);
        }

        boundaries.Add(word.Length);
        return boundaries;
    }
}
