using System.Text;
using CodeIndex.Core.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeIndex.Extraction.Records;

/// <summary>
/// The words of a member's implementation that full-text search indexes beside its name and doc summary: the contents of
/// its string literals (messages, SQL, file extensions, setting names), its comments, and the identifiers its body uses.
/// Undocumented methods are found by what they do ("where is listen_addresses written?", an error message pasted in).
/// </summary>
/// <remarks>
/// Only bodies and initializers count: a method's parameter list and return type are in its signature already, and a type's
/// body is its members (which carry their own words). Each word appears once, in first-seen order; anything that is not a
/// letter, digit or underscore separates words (so NUL and control characters never reach PostgreSQL). Capped at
/// <see cref="MaxChars"/>.
/// </remarks>
internal static class BodyWords
{
    /// <summary>At most this many characters are kept (a generated SQL string or a long switch must not dominate the index).</summary>
    public const int MaxChars = 4000;

    /// <summary>The body words of a member declared by <paramref name="declarations"/> (several for partial members), or null when it has none.</summary>
    public static string? Collect(IEnumerable<SyntaxNode> declarations)
    {
        var collector = new Collector();
        foreach (var declaration in declarations)
        {
            foreach (var part in BodyParts(declaration))
            {
                collector.Add(part);
            }
        }

        return collector.Result();
    }

    /// <summary>The parts of a declaration that implement it; nothing for types, namespaces, parameters and signatures.</summary>
    private static IEnumerable<SyntaxNode?> BodyParts(SyntaxNode declaration) => declaration switch
    {
        ConstructorDeclarationSyntax ctor => [ctor.Initializer, ctor.Body, ctor.ExpressionBody],
        BaseMethodDeclarationSyntax method => [method.Body, method.ExpressionBody],
        PropertyDeclarationSyntax property => [property.AccessorList, property.ExpressionBody, property.Initializer],
        IndexerDeclarationSyntax indexer => [indexer.AccessorList, indexer.ExpressionBody],
        EventDeclarationSyntax @event => [@event.AccessorList],
        BaseFieldDeclarationSyntax field => field.Declaration.Variables.Select(v => (SyntaxNode?)v.Initializer),
        VariableDeclaratorSyntax variable => [variable.Initializer],
        EnumMemberDeclarationSyntax member => [member.EqualsValue],
        _ => [],
    };

    private sealed class Collector
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly StringBuilder _text = new();
        private bool _full;

        public void Add(SyntaxNode? node)
        {
            if (node is null || _full)
            {
                return;
            }

            foreach (var token in node.DescendantTokens(descendIntoTrivia: false))
            {
                AddTrivia(token.LeadingTrivia);
                switch (token.Kind())
                {
                    case SyntaxKind.IdentifierToken when !IsNoise(token):
                        AddWord(token.ValueText);
                        break;
                    case SyntaxKind.StringLiteralToken or SyntaxKind.Utf8StringLiteralToken or SyntaxKind.SingleLineRawStringLiteralToken
                        or SyntaxKind.MultiLineRawStringLiteralToken or SyntaxKind.Utf8SingleLineRawStringLiteralToken
                        or SyntaxKind.Utf8MultiLineRawStringLiteralToken or SyntaxKind.InterpolatedStringTextToken:
                        AddText(token.ValueText);
                        break;
                }

                AddTrivia(token.TrailingTrivia);
                if (_full)
                {
                    return;
                }
            }
        }

        public string? Result() => _text.Length == 0 ? null : _text.ToString();

        /// <summary><c>var</c> and <c>nameof</c> are contextual keywords that Roslyn tokenizes as identifiers; they say nothing about the code.</summary>
        private static bool IsNoise(SyntaxToken token) =>
            token.Parent is IdentifierNameSyntax { IsVar: true } || token.ValueText is "nameof" or "_";

        private void AddTrivia(SyntaxTriviaList trivia)
        {
            foreach (var item in trivia)
            {
                if (item.IsKind(SyntaxKind.SingleLineCommentTrivia) || item.IsKind(SyntaxKind.MultiLineCommentTrivia))
                {
                    AddText(item.ToString());
                }
            }
        }

        private void AddText(string text)
        {
            var start = -1;
            for (var i = 0; i <= text.Length; i++)
            {
                var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_');
                if (inWord && start < 0)
                {
                    start = i;
                }
                else if (!inWord && start >= 0)
                {
                    AddWord(text[start..i]);
                    start = -1;
                }
            }
        }

        private void AddWord(string word)
        {
            if (!AddOne(word))
            {
                return;
            }

            // A compound identifier also counts whole (listen_addresses → listenaddresses, GetUserById → getuserbyid): full-text
            // search splits identifiers into words, and a query that names the identifier gets the same whole form (QueryTerms) as a
            // rare term too. ASCII only, as the splitter: it would cut other letters out of a word.
            if (word.All(char.IsAscii) && IdentifierSplitter.Words(word) is { Count: > 1 } parts)
            {
                AddOne(string.Concat(parts));
            }
        }

        private bool AddOne(string word)
        {
            if (_full || word.Length == 0 || !_seen.Add(word))
            {
                return false;
            }

            if (_text.Length + word.Length + 1 > MaxChars)
            {
                _full = true;
                return false;
            }

            if (_text.Length > 0)
            {
                _text.Append(' ');
            }

            _text.Append(word);
            return true;
        }
    }
}
