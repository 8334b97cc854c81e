namespace CodeIndex.Query;

/// <summary>A small programming-vocabulary thesaurus applied to search queries: the words a question uses → words code tends to use instead.</summary>
/// <remarks>Keys are lowercase words or two-word phrases; values are added to the query as extra, lower-weighted terms.</remarks>
internal static class SynonymMap
{
    private static readonly Dictionary<string, string[]> Map = Build(
        ("combine", ["merge"]), ("merge", ["combine"]),
        ("skip", ["ignore", "exclude"]), ("leave out", ["ignore", "exclude", "skip"]), ("omit", ["ignore", "exclude", "skip"]),
        ("ignore", ["skip", "exclude"]), ("exclude", ["skip", "ignore"]),
        ("parse", ["deserialize", "read"]), ("read", ["deserialize", "parse", "load"]), ("deserialize", ["parse", "read"]),
        ("write", ["serialize", "save"]), ("serialize", ["write"]),
        ("remove", ["delete", "drop"]), ("delete", ["remove", "drop"]), ("drop", ["delete", "remove"]),
        ("find", ["search", "resolve", "locate", "lookup"]), ("lookup", ["find", "search", "resolve"]), ("look up", ["find", "search", "resolve"]),
        ("search", ["find", "lookup"]), ("resolve", ["find", "lookup"]), ("locate", ["find", "resolve"]),
        ("case insensitive", ["ignorecase", "stringcomparison"]),
        ("create", ["build", "make"]), ("build", ["create"]), ("make", ["create", "build"]),
        ("start", ["launch", "begin"]), ("begin", ["start"]), ("launch", ["start"]),
        ("stop", ["shutdown"]), ("shutdown", ["stop"]),
        ("run", ["execute", "invoke"]), ("execute", ["run"]), ("invoke", ["call", "run"]), ("call", ["invoke"]),
        ("check", ["validate", "verify"]), ("validate", ["check", "verify"]), ("verify", ["check", "validate"]),
        ("error", ["exception", "failure"]), ("exception", ["error"]), ("failure", ["error", "exception"]), ("fail", ["error", "exception"]),
        ("folder", ["directory"]), ("directory", ["folder"]),
        ("url", ["uri"]), ("uri", ["url"]),
        ("show", ["display", "render", "print"]), ("print", ["render", "write", "display"]), ("display", ["render", "show"]),
        ("get", ["fetch", "retrieve"]), ("fetch", ["get", "retrieve", "load"]), ("retrieve", ["get", "fetch", "load"]),
        ("save", ["store", "persist", "write"]), ("store", ["save", "persist"]),
        ("settings", ["options", "configuration"]), ("options", ["settings", "configuration"]), ("config", ["configuration", "options", "settings"]),
        ("cancel", ["abort"]), ("abort", ["cancel"]),
        ("list", ["enumerate"]), ("enumerate", ["list"]));

    /// <summary>Longest phrase length (in words) among the keys.</summary>
    private const int MaxPhraseWords = 2;

    /// <summary>Synonyms of the words of a query (phrases first), excluding words the query already has, in first-seen order.</summary>
    public static IReadOnlyList<string> Expand(IReadOnlyList<string> words)
    {
        var present = new HashSet<string>(words, StringComparer.Ordinal);
        var added = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            for (var n = Math.Min(MaxPhraseWords, words.Count - i); n >= 1; n--)
            {
                var key = string.Join(' ', words.Skip(i).Take(n));
                if (Map.TryGetValue(key, out var synonyms))
                {
                    foreach (var synonym in synonyms)
                    {
                        if (present.Add(synonym))
                        {
                            added.Add(synonym);
                        }
                    }
                }
            }
        }

        return added;
    }

    private static Dictionary<string, string[]> Build(params (string Key, string[] Synonyms)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Synonyms, StringComparer.Ordinal);
}
