using CodeIndex.Core.Text;

namespace CodeIndex.Query;

/// <summary>The words of a search query, ready for full-text search: identifier words, whole identifiers and synonyms, each only [a-z0-9].</summary>
/// <param name="Words">Identifier words of the query, in order (<c>GetUserById</c> → get, user, by, id), then whole multi-word identifiers (getuserbyid).</param>
/// <param name="Synonyms">Words the synonym map adds (never one of <paramref name="Words"/>).</param>
internal sealed record QueryTerms(IReadOnlyList<string> Words, IReadOnlyList<string> Synonyms)
{
    /// <summary>At most this many terms reach SQL (long pasted texts are cut).</summary>
    public const int MaxTerms = 48;

    /// <summary>Longer words are dropped (PostgreSQL ignores lexemes over 2 KB; nothing in code is that long).</summary>
    public const int MaxWordLength = 100;

    public bool IsEmpty => Words.Count == 0;

    /// <summary>Splits <paramref name="text"/>; anything that is not an ASCII letter or digit only separates words, so tsquery operators cannot get through.</summary>
    public static QueryTerms Parse(string text)
    {
        var words = new List<string>();
        var wholes = new List<string>();
        foreach (var token in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var part in token.Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                var split = IdentifierSplitter.Words(part);
                words.AddRange(split);
                if (split.Count > 1)
                {
                    wholes.Add(string.Concat(split));
                }
            }
        }

        var distinct = words.Concat(wholes).Where(w => w.Length <= MaxWordLength).Distinct(StringComparer.Ordinal).Take(MaxTerms).ToList();
        var synonyms = SynonymMap.Expand(words).Where(s => !distinct.Contains(s, StringComparer.Ordinal)).Take(MaxTerms).ToList();
        return new QueryTerms(distinct, synonyms);
    }
}
