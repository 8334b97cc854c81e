using System.Text.Json;
using CodeIndex.Core.Errors;
using CodeIndex.Embeddings.Tokenization.Unicode;

namespace CodeIndex.Embeddings.Tokenization;

/// <summary>Port of USE-lite's SentencePiece-style unigram tokenizer (NFKC, ▁ prefix, Viterbi over a piece trie).</summary>
internal sealed class UnigramTokenizer : ITokenizer
{
    /// <summary>Ids below this are reserved (0 = unknown) and never matched.</summary>
    public const int ReservedCount = 6;

    /// <summary>Id of the unknown piece.</summary>
    public const int UnknownId = 0;

    private const int Separator = 0x2581; // ▁

    private readonly PieceTrie _trie = new();
    private readonly double[] _scores;
    private readonly int[] _lengths;

    /// <summary>Builds the tokenizer from <c>(piece, score)</c> pairs; the index is the id.</summary>
    public UnigramTokenizer(IReadOnlyList<(string Piece, double Score)> vocabulary)
    {
        _scores = new double[vocabulary.Count];
        _lengths = new int[vocabulary.Count];
        for (var id = 0; id < vocabulary.Count; id++)
        {
            var codePoints = vocabulary[id].Piece.EnumerateRunes().Select(r => r.Value).ToArray();
            _scores[id] = vocabulary[id].Score;
            // Reserved ids only ever stand for one unknown code point (USE-lite's id 0 is "\uFFFD").
            _lengths[id] = id < ReservedCount ? 1 : Math.Max(1, codePoints.Length);
            if (id >= ReservedCount && codePoints.Length > 0)
            {
                _trie.Add(codePoints, id);
            }
        }
    }

    /// <summary>Loads a vocabulary file: a JSON array of <c>[piece, score]</c> pairs.</summary>
    /// <remarks>USE-lite's vocabulary has <c>null</c> scores for a few pieces with ':'; the original (JavaScript) adds them as 0.</remarks>
    public static UnigramTokenizer FromVocabularyFile(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            var vocabulary = document.RootElement.EnumerateArray()
                .Select(e => (e[0].GetString() ?? "", e[1].ValueKind == JsonValueKind.Null ? 0d : e[1].GetDouble()))
                .ToList();
            return new UnigramTokenizer(vocabulary);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or IndexOutOfRangeException or IOException)
        {
            throw new OperationFailedException("embedding_model_invalid", $"The vocabulary file '{path}' could not be read as a JSON array of [piece, score] pairs: {ex.Message}", ex);
        }
    }

    public int[] Encode(string text, int maxTokens = int.MaxValue)
    {
        var symbols = NfkcNormalizer.NormalizeToCodePoints(text);
        if (symbols.Count == 0)
        {
            return [];
        }

        for (var i = 0; i < symbols.Count; i++)
        {
            if (symbols[i] == ' ')
            {
                symbols[i] = Separator;
            }
        }

        symbols.Insert(0, Separator);
        var ids = Viterbi(symbols);
        return ids.Length > maxTokens ? ids[..maxTokens] : ids;
    }

    private int[] Viterbi(List<int> symbols)
    {
        var n = symbols.Count;
        var best = new double[n + 1];
        var words = new int[n + 1];
        for (var start = 0; start < n; start++)
        {
            var matched = false;
            var node = PieceTrie.Root;
            for (var end = start + 1; end <= n && _trie.TryStep(node, symbols[end - 1], out node); end++)
            {
                var id = _trie.PieceId(node);
                if (id >= 0)
                {
                    matched = true;
                    Relax(best, words, start, end, id, _scores[id]);
                }
            }

            if (!matched)
            {
                Relax(best, words, start, start + 1, UnknownId, 0d);
            }
        }

        // Walk back from the end, then collapse runs of unknown ids into one.
        var reversed = new List<int>();
        for (var pos = n; pos > 0; pos -= _lengths[words[pos]])
        {
            var id = words[pos];
            if (id != UnknownId || reversed.Count == 0 || reversed[^1] != UnknownId)
            {
                reversed.Add(id);
            }
        }

        reversed.Reverse();
        return [.. reversed];
    }

    private static void Relax(double[] best, int[] words, int start, int end, int id, double score)
    {
        // The original keeps the later candidate on ties and treats best == 0 as "unset".
        var total = score + best[start];
        if (best[end] == 0d || total >= best[end])
        {
            best[end] = total;
            words[end] = id;
        }
    }
}
