using System.Text;

namespace CodeIndex.Core.Text;

/// <summary>Splits identifiers into lowercase words (camelCase, PascalCase, acronyms, digits, separators), as the <c>search_vector</c> column does in SQL.</summary>
/// <remarks>Shared by the query side (search terms) and extraction (body words), so both derive the same whole form of a compound identifier.</remarks>
public static class IdentifierSplitter
{
    /// <summary>The words of <paramref name="text"/>; every character that is not a letter or digit separates words.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsAsciiLetterOrDigit(c))
            {
                Flush(word, words);
                continue;
            }

            if (word.Length > 0 && IsBoundary(text[i - 1], c, i + 1 < text.Length ? text[i + 1] : '\0'))
            {
                Flush(word, words);
            }

            word.Append(char.ToLowerInvariant(c));
        }

        Flush(word, words);
        return words;
    }

    private static bool IsBoundary(char previous, char current, char next) =>
        char.IsAsciiDigit(previous) != char.IsAsciiDigit(current)
        || (char.IsAsciiLetterLower(previous) && char.IsAsciiLetterUpper(current))
        || (char.IsAsciiLetterUpper(previous) && char.IsAsciiLetterUpper(current) && char.IsAsciiLetterLower(next));

    private static void Flush(StringBuilder word, List<string> words)
    {
        if (word.Length > 0)
        {
            words.Add(word.ToString());
            word.Clear();
        }
    }
}
