using System.Text;
using CodeIndex.Core.Model;

namespace CodeIndex.Vectors.Text;

/// <summary>Composes the text a symbol is embedded as: kind, split name, containing type and namespace words, doc summary, short signature.</summary>
/// <remarks>
/// Example: <c>method get user by id async, in user service, namespace my app services. Returns the user with the given id. Task&lt;User&gt; GetUserByIdAsync(int id)</c>.
/// Namespaces are not embedded (their words are in every member's text, and a namespace has no summary of its own);
/// external (metadata) symbols are not embedded (questions are about the repository's own code). Enum members are.
/// </remarks>
internal static class SymbolTextBuilder
{
    /// <summary>Longest doc summary kept (characters, cut at a word boundary).</summary>
    public const int MaxDocumentationChars = 600;

    /// <summary>Longest signature kept (characters, cut at a word boundary).</summary>
    public const int MaxSignatureChars = 160;

    /// <summary>Longest text produced; the model reads at most its own token limit anyway.</summary>
    public const int MaxTextChars = 1200;

    /// <summary>Modifiers that say nothing about what a symbol does; removed from the signature.</summary>
    private static readonly HashSet<string> NoiseModifiers = new(StringComparer.Ordinal)
    {
        "public", "private", "protected", "internal", "file", "sealed", "override", "virtual", "abstract", "new", "partial", "unsafe", "extern",
    };

    /// <summary>The same rule as the SQL that selects symbols: source symbols that are not namespaces.</summary>
    public static bool IsEmbeddable(string kind, bool isExternal) => !isExternal && kind != SymbolKinds.Namespace;

    public static string Build(EmbeddableSymbol symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var text = new StringBuilder(256);
        text.Append(symbol.Kind.Replace('_', ' '));
        var name = NameWords(symbol);
        if (name.Length > 0)
        {
            text.Append(' ').Append(name);
        }

        var (type, ns) = Container(symbol);
        if (type.Length > 0)
        {
            text.Append(", in ").Append(type);
        }

        if (ns.Length > 0)
        {
            text.Append(", namespace ").Append(ns);
        }

        var doc = Shorten(symbol.Documentation, MaxDocumentationChars);
        if (doc.Length > 0)
        {
            text.Append(". ").Append(doc);
        }

        var signature = Shorten(StripModifiers(symbol.Signature), MaxSignatureChars);
        if (signature.Length > 0)
        {
            text.Append(doc.EndsWith('.') ? " " : ". ").Append(signature);
        }

        return Shorten(text.ToString(), MaxTextChars);
    }

    /// <summary>Name words; the interface prefix I is dropped (<c>IShape</c> → "shape").</summary>
    private static string NameWords(EmbeddableSymbol symbol)
    {
        var name = symbol.Name;
        if (symbol.Kind == SymbolKinds.Interface && name.Length > 2 && name[0] == 'I' && char.IsUpper(name[1]) && !char.IsUpper(name[2]))
        {
            name = name[1..];
        }

        return IdentifierWords.Split(name);
    }

    /// <summary>Words of the containing type (members only) and of the namespace (or outer types), from the qualified name without generic arguments.</summary>
    private static (string Type, string Namespace) Container(EmbeddableSymbol symbol)
    {
        var qualified = symbol.QualifiedName ?? "";
        string prefix;
        if (qualified.Length > symbol.Name.Length && qualified.EndsWith("." + symbol.Name, StringComparison.Ordinal))
        {
            prefix = qualified[..^(symbol.Name.Length + 1)];
        }
        else
        {
            var dot = LastTopLevelDot(qualified);
            prefix = dot < 0 ? "" : qualified[..dot];
        }

        prefix = RemoveGenericArguments(prefix);
        if (SymbolKinds.IsType(symbol.Kind) || prefix.Length == 0)
        {
            return ("", IdentifierWords.Split(prefix));
        }

        var last = prefix.LastIndexOf('.');
        return last < 0
            ? (IdentifierWords.Split(prefix), "")
            : (IdentifierWords.Split(prefix[(last + 1)..]), IdentifierWords.Split(prefix[..last]));
    }

    private static int LastTopLevelDot(string qualified)
    {
        var depth = 0;
        for (var i = qualified.Length - 1; i >= 0; i--)
        {
            switch (qualified[i])
            {
                case '>' or ')' or ']':
                    depth++;
                    break;
                case '<' or '(' or '[':
                    depth--;
                    break;
                case '.' when depth == 0:
                    return i;
            }
        }

        return -1;
    }

    private static string RemoveGenericArguments(string value)
    {
        if (!value.Contains('<', StringComparison.Ordinal))
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        var depth = 0;
        foreach (var c in value)
        {
            if (c == '<')
            {
                depth++;
            }
            else if (c == '>')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private static string StripModifiers(string? signature)
    {
        if (string.IsNullOrWhiteSpace(signature))
        {
            return "";
        }

        var words = signature.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var skip = 0;
        while (skip < words.Length - 1 && NoiseModifiers.Contains(words[skip]))
        {
            skip++;
        }

        return string.Join(' ', words, skip, words.Length - skip);
    }

    /// <summary>Whitespace collapsed to single spaces, trimmed, and cut at the last space before <paramref name="max"/> characters.</summary>
    internal static string Shorten(string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }

        var collapsed = string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (collapsed.Length <= max)
        {
            return collapsed;
        }

        var cut = collapsed.LastIndexOf(' ', max);
        if (cut <= max / 2)
        {
            cut = char.IsHighSurrogate(collapsed[max - 1]) ? max - 1 : max; // never split a surrogate pair
        }

        return collapsed[..cut].TrimEnd();
    }
}
