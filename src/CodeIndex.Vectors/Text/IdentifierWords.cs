using System.Text;

namespace CodeIndex.Vectors.Text;

/// <summary>Splits identifiers into lowercase words: camelCase, PascalCase, acronyms, digits and underscores (<c>GetHTTPClient2</c> → "get http client 2").</summary>
internal static class IdentifierWords
{
    /// <summary>The words of <paramref name="identifier"/> joined by single spaces; every character that is not a letter or digit separates words.</summary>
    public static string Split(string? identifier)
    {
        if (string.IsNullOrEmpty(identifier))
        {
            return "";
        }

        var result = new StringBuilder(identifier.Length + 8);
        var wordStart = true;
        for (var i = 0; i < identifier.Length; i++)
        {
            var c = identifier[i];
            if (!char.IsLetterOrDigit(c))
            {
                wordStart = true;
                continue;
            }

            if (!wordStart && i > 0 && IsBoundary(identifier[i - 1], c, i + 1 < identifier.Length ? identifier[i + 1] : '\0'))
            {
                wordStart = true;
            }

            if (wordStart && result.Length > 0)
            {
                result.Append(' ');
            }

            wordStart = false;
            result.Append(char.ToLowerInvariant(c));
        }

        return result.ToString();
    }

    /// <summary>True when a new word starts at <paramref name="current"/> (previous and next characters are letters or digits, or '\0').</summary>
    private static bool IsBoundary(char previous, char current, char next)
    {
        if (char.IsDigit(previous) != char.IsDigit(current))
        {
            return true; // Base64 → base 64, Utf8Json → utf 8 json
        }

        if (char.IsLower(previous) && char.IsUpper(current))
        {
            return true; // getUser → get user
        }

        // The last capital of an acronym starts the next word: HTTPClient → http client.
        return char.IsUpper(previous) && char.IsUpper(current) && char.IsLower(next);
    }
}
