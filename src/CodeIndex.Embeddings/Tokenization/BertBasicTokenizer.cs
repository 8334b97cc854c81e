using System.Globalization;
using System.Text;
using CodeIndex.Embeddings.Tokenization.Unicode;

namespace CodeIndex.Embeddings.Tokenization;

/// <summary>BERT's BasicTokenizer: clean text, split on whitespace and punctuation, CJK ideographs alone, optional lowercase + accent strip.</summary>
/// <remarks>
/// Accent stripping decomposes with the embedded NFKD tables (BERT uses NFD), then drops non-spacing marks (Mn), so
/// compatibility characters (ligatures, full-width forms, superscripts) are folded too; text such as "[SEP]" is split
/// like any other text (never a special token).
/// </remarks>
internal sealed class BertBasicTokenizer(bool lowercase)
{
    /// <summary>Whether words are lowercased and stripped of accents (uncased models).</summary>
    public bool Lowercase { get; } = lowercase;

    /// <summary>Splits <paramref name="text"/> into words and punctuation marks.</summary>
    public List<string> Tokenize(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var decomposed = new List<int>(4);
        foreach (var rune in text.EnumerateRunes())
        {
            var cp = rune.Value;
            if (cp == 0 || cp == 0xFFFD || IsControl(rune))
            {
                continue;
            }

            if (IsWhitespace(rune))
            {
                Flush(words, current);
            }
            else if (IsCjk(cp))
            {
                Flush(words, current);
                words.Add(rune.ToString());
            }
            else if (!Lowercase)
            {
                Append(rune, words, current);
            }
            else
            {
                decomposed.Clear();
                NfkcNormalizer.DecomposeCompatibility(Rune.ToLowerInvariant(rune).Value, decomposed);
                foreach (var part in decomposed)
                {
                    var partRune = new Rune(part);
                    if (Rune.GetUnicodeCategory(partRune) == UnicodeCategory.NonSpacingMark)
                    {
                        continue;
                    }

                    if (IsWhitespace(partRune))
                    {
                        Flush(words, current);
                    }
                    else
                    {
                        Append(partRune, words, current);
                    }
                }
            }
        }

        Flush(words, current);
        return words;
    }

    /// <summary>BERT's <c>_is_punctuation</c>: ASCII symbols count as punctuation, plus every Unicode P* category.</summary>
    public static bool IsPunctuation(Rune rune)
    {
        var cp = rune.Value;
        if (cp is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126))
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>BERT's <c>_is_chinese_char</c>: the CJK Unified Ideographs blocks and compatibility ideographs.</summary>
    public static bool IsCjk(int cp) =>
        cp is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF) or (>= 0x2A700 and <= 0x2B73F)
            or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);

    private static bool IsWhitespace(Rune rune) =>
        rune.Value is ' ' or '\t' or '\n' or '\r' || Rune.GetUnicodeCategory(rune) == UnicodeCategory.SpaceSeparator;

    private static bool IsControl(Rune rune) =>
        rune.Value is not ('\t' or '\n' or '\r') && Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format;

    private static void Append(Rune rune, List<string> words, StringBuilder current)
    {
        if (IsPunctuation(rune))
        {
            Flush(words, current);
            words.Add(rune.ToString());
        }
        else
        {
            current.Append(rune.ToString());
        }
    }

    private static void Flush(List<string> words, StringBuilder current)
    {
        if (current.Length > 0)
        {
            words.Add(current.ToString());
            current.Clear();
        }
    }
}
