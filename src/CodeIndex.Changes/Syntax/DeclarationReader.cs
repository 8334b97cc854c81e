using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeIndex.Changes;

/// <summary>Every declaration of a C# file (<see cref="Declaration"/>), from the syntax tree alone.</summary>
public static class DeclarationReader
{
    private static readonly CSharpParseOptions Options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);

    public static IReadOnlyList<Declaration> Read(string text, CancellationToken cancellationToken = default)
    {
        var tree = CSharpSyntaxTree.ParseText(text, Options, cancellationToken: cancellationToken);
        var result = new List<Declaration>();
        Visit(tree.GetRoot(cancellationToken), "", result);
        return result;
    }

    private static void Visit(SyntaxNode node, string container, List<Declaration> result)
    {
        foreach (var child in node.ChildNodes())
        {
            switch (child)
            {
                case BaseNamespaceDeclarationSyntax ns:
                    Visit(ns, Join(container, ns.Name.ToString()), result);
                    break;
                case BaseTypeDeclarationSyntax type:
                    var typeKey = Join(container, type.Identifier.ValueText + Arity(type));
                    result.Add(Make(typeKey, type.Identifier.ValueText, "type", type, type.Identifier, Header(type)));
                    if (type is TypeDeclarationSyntax { ParameterList: { } primary } withPrimary)
                    {
                        result.Add(Make($"{typeKey}..ctor({Parameters(primary)})", ".ctor", "constructor", withPrimary, withPrimary.Identifier, Tokens(primary)));
                    }

                    Visit(type, typeKey, result);
                    break;
                case DelegateDeclarationSyntax d:
                    result.Add(Make(Join(container, d.Identifier.ValueText + Arity(d.TypeParameterList)), d.Identifier.ValueText, "delegate", d, d.Identifier, Tokens(d)));
                    break;
                case EnumMemberDeclarationSyntax e:
                    result.Add(Make(Join(container, e.Identifier.ValueText), e.Identifier.ValueText, "enum_member", e, e.Identifier, Tokens(e)));
                    break;
                case MethodDeclarationSyntax m:
                    result.Add(Make(Join(container, $"{m.Identifier.ValueText}{Arity(m.TypeParameterList)}({Parameters(m.ParameterList)})"), m.Identifier.ValueText, "method", m, m.Identifier, Tokens(m)));
                    break;
                case ConstructorDeclarationSyntax c:
                    var ctor = c.Modifiers.Any(SyntaxKind.StaticKeyword) ? ".cctor" : ".ctor";
                    result.Add(Make(Join(container, $"{ctor}({Parameters(c.ParameterList)})"), ctor, "constructor", c, c.Identifier, Tokens(c)));
                    break;
                case DestructorDeclarationSyntax f:
                    result.Add(Make(Join(container, "Finalize()"), "Finalize", "method", f, f.Identifier, Tokens(f)));
                    break;
                case PropertyDeclarationSyntax p:
                    result.Add(Make(Join(container, p.Identifier.ValueText), p.Identifier.ValueText, "property", p, p.Identifier, Tokens(p)));
                    break;
                case IndexerDeclarationSyntax i:
                    result.Add(Make(Join(container, $"this[{Parameters(i.ParameterList)}]"), "this[]", "indexer", i, i.ThisKeyword, Tokens(i)));
                    break;
                case EventDeclarationSyntax ev:
                    result.Add(Make(Join(container, ev.Identifier.ValueText), ev.Identifier.ValueText, "event", ev, ev.Identifier, Tokens(ev)));
                    break;
                case OperatorDeclarationSyntax o:
                    result.Add(Make(Join(container, $"operator {o.OperatorToken.Text}({Parameters(o.ParameterList)})"), "operator " + o.OperatorToken.Text, "operator", o, o.OperatorToken, Tokens(o)));
                    break;
                case ConversionOperatorDeclarationSyntax co:
                    result.Add(Make(Join(container, $"{co.ImplicitOrExplicitKeyword.Text} operator {co.Type}({Parameters(co.ParameterList)})"), "operator " + co.Type, "operator", co, co.OperatorKeyword, Tokens(co)));
                    break;
                case BaseFieldDeclarationSyntax field:
                    // One declaration per variable: `int a, b = 1;` declares a and b; the shared type and modifiers belong to each.
                    var shared = Tokens(field.AttributeLists) + " " + string.Join(' ', field.Modifiers.Select(t => t.Text)) + " " + Tokens(field.Declaration.Type);
                    foreach (var variable in field.Declaration.Variables)
                    {
                        result.Add(Make(Join(container, variable.Identifier.ValueText), variable.Identifier.ValueText, field is EventFieldDeclarationSyntax ? "event" : "field", field, variable.Identifier, shared + " " + Tokens(variable)));
                    }

                    break;
                case GlobalStatementSyntax:
                    // Top-level statements: one implicit Program.Main.
                    if (!result.Any(r => r.Key == "Program.<Main>$"))
                    {
                        var statements = node.ChildNodes().OfType<GlobalStatementSyntax>().ToList();
                        var first = statements[0].GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                        var last = statements[^1].GetLocation().GetLineSpan().EndLinePosition.Line + 1;
                        result.Add(new Declaration("Program.<Main>$", "<Main>$", "method", first, first, last, string.Join(' ', statements.Select(Tokens))));
                    }

                    break;
            }
        }
    }

    private static Declaration Make(string key, string name, string kind, SyntaxNode node, SyntaxToken identifier, string normalized)
    {
        var span = node.GetLocation().GetLineSpan();
        var start = span.StartLinePosition.Line + 1;
        var end = span.EndLinePosition.Line + 1;
        if (node is BaseTypeDeclarationSyntax { OpenBraceToken.IsMissing: false } type)
        {
            end = type.OpenBraceToken.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        }

        return new Declaration(key, name, kind, identifier.GetLocation().GetLineSpan().StartLinePosition.Line + 1, start, end, normalized);
    }

    private static string Header(BaseTypeDeclarationSyntax type) =>
        type.OpenBraceToken.IsMissing
            ? Tokens(type)
            : string.Join(' ', type.DescendantTokens().TakeWhile(t => t != type.OpenBraceToken).Select(t => t.Text));

    private static string Tokens(SyntaxNode node) => string.Join(' ', node.DescendantTokens().Select(t => t.Text));

    private static string Tokens<T>(SyntaxList<T> nodes)
        where T : SyntaxNode => string.Join(' ', nodes.Select(n => Tokens(n)));

    private static string Parameters(BaseParameterListSyntax list) => string.Join(", ", list.Parameters.Select(p => p.Type is null ? "" : Tokens(p.Type)));

    private static string Arity(BaseTypeDeclarationSyntax type) => type is TypeDeclarationSyntax t ? Arity(t.TypeParameterList) : "";

    private static string Arity(TypeParameterListSyntax? list) => list is null ? "" : $"`{list.Parameters.Count}";

    private static string Join(string container, string name) => container.Length == 0 ? name : $"{container}.{name}";
}
