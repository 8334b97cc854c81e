using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeIndex.Extraction.Records;

/// <summary>Reads the <c>&lt;summary&gt;</c> of a declaration as plain text with whitespace collapsed.</summary>
internal static class DocumentationText
{
    /// <summary>The summary written on one declaration (from its doc comment trivia), or null.</summary>
    public static string? FromSyntax(SyntaxNode declaration)
    {
        var host = declaration is VariableDeclaratorSyntax { Parent.Parent: { } field } ? field : declaration;
        if (!host.HasLeadingTrivia)
        {
            return null;
        }

        StringBuilder? text = null;
        foreach (var trivia in host.GetLeadingTrivia())
        {
            if (!trivia.HasStructure || trivia.GetStructure() is not DocumentationCommentTriviaSyntax doc)
            {
                continue;
            }

            foreach (var node in doc.Content)
            {
                if (node is XmlElementSyntax element && element.StartTag.Name.LocalName.ValueText == "summary")
                {
                    text ??= new StringBuilder();
                    AppendContent(element.Content, text);
                    text.Append(' ');
                }
            }
        }

        return text is null ? null : Collapse(text.ToString());
    }

    /// <summary>The summary from a metadata symbol's XML documentation (if the reference has a documentation provider), or null.</summary>
    public static string? FromMetadata(ISymbol symbol, CancellationToken cancellationToken)
    {
        var xml = symbol.GetDocumentationCommentXml(expandIncludes: false, cancellationToken: cancellationToken);
        if (string.IsNullOrWhiteSpace(xml))
        {
            return null;
        }

        try
        {
            var summary = XElement.Parse(xml, LoadOptions.None).Element("summary");
            if (summary is null)
            {
                return null;
            }

            var text = new StringBuilder();
            foreach (var node in summary.DescendantNodes())
            {
                if (node is XText t)
                {
                    text.Append(t.Value);
                }
                else if (node is XElement { IsEmpty: true } e)
                {
                    var value = (string?)e.Attribute("cref") ?? (string?)e.Attribute("langword") ?? (string?)e.Attribute("name");
                    text.Append(StripIdPrefix(value));
                }
            }

            return Collapse(text.ToString());
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>Joins per-declaration summaries (already in declaration order) with a space; null when none.</summary>
    public static string? Merge(IEnumerable<string?> parts)
    {
        var joined = string.Join(' ', parts.Where(p => !string.IsNullOrEmpty(p)));
        return joined.Length == 0 ? null : joined;
    }

    private static void AppendContent(SyntaxList<XmlNodeSyntax> content, StringBuilder text)
    {
        foreach (var node in content)
        {
            switch (node)
            {
                case XmlTextSyntax xmlText:
                    foreach (var token in xmlText.TextTokens)
                    {
                        text.Append(token.IsKind(SyntaxKind.XmlTextLiteralNewLineToken) ? " " : token.ValueText);
                    }

                    break;
                case XmlElementSyntax element:
                    AppendContent(element.Content, text);
                    break;
                case XmlEmptyElementSyntax empty:
                    foreach (var attribute in empty.Attributes)
                    {
                        var value = attribute switch
                        {
                            XmlCrefAttributeSyntax cref => cref.Cref.ToString(),
                            XmlNameAttributeSyntax name => name.Identifier.ToString(),
                            XmlTextAttributeSyntax textAttribute => string.Concat(textAttribute.TextTokens.Select(t => t.ValueText)),
                            _ => null,
                        };
                        text.Append(value);
                    }

                    break;
                case XmlCDataSectionSyntax cdata:
                    foreach (var token in cdata.TextTokens)
                    {
                        text.Append(token.ValueText);
                    }

                    break;
            }
        }
    }

    private static string? StripIdPrefix(string? value) =>
        value is { Length: > 2 } && value[1] == ':' ? value[2..] : value;

    private static string? Collapse(string text)
    {
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? null : string.Join(' ', parts);
    }
}
