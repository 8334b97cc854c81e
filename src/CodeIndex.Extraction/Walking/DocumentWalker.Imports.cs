using CodeIndex.Core.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeIndex.Extraction.Walking;

/// <summary>Compilation unit, top-level statements and using directives (imports edges from the top-level types of the using's scope).</summary>
internal sealed partial class DocumentWalker
{
    public override void VisitCompilationUnit(CompilationUnitSyntax node)
    {
        var entryPoint = DeclareEntryPoint(node);
        VisitUsings(node.Usings, node.Members, entryPoint?.ContainingType);
        foreach (var attributes in node.AttributeLists)
        {
            Visit(attributes);
        }

        foreach (var member in node.Members)
        {
            if (member is GlobalStatementSyntax global)
            {
                WithContainer(entryPoint, () =>
                {
                    Visit(member);
                    AddImplicitOperations(global.Statement);
                });
            }
            else
            {
                Visit(member);
            }
        }
    }

    /// <summary>Top-level statements belong to the synthesized entry point (<c>Program.&lt;Main&gt;$</c>).</summary>
    private IMethodSymbol? DeclareEntryPoint(CompilationUnitSyntax node)
    {
        foreach (var member in node.Members)
        {
            if (member is GlobalStatementSyntax global)
            {
                if (EnclosingSymbol(global.Statement.SpanStart) is not IMethodSymbol entryPoint)
                {
                    return null;
                }

                Declare(entryPoint.ContainingType);
                Declare(entryPoint);
                Edge(entryPoint.ContainingType, entryPoint, RelationshipTypes.Contains, global);
                return entryPoint;
            }
        }

        return null;
    }

    private void VisitUsings(SyntaxList<UsingDirectiveSyntax> usings, SyntaxList<MemberDeclarationSyntax> members, INamedTypeSymbol? program)
    {
        if (usings.Count == 0)
        {
            return;
        }

        var types = new List<ISymbol>();
        if (program is not null)
        {
            types.Add(program);
        }

        CollectTopLevelTypes(members, types);
        if (types.Count == 0)
        {
            return;
        }

        foreach (var directive in usings)
        {
            var target = directive.Alias is not null
                ? (Declared(directive) as IAliasSymbol)?.Target
                : directive.NamespaceOrType is { } name ? Single(Bind(name)) : null;
            if (target is not (INamespaceSymbol or INamedTypeSymbol))
            {
                continue;
            }

            foreach (var type in types)
            {
                Edge(type, target, RelationshipTypes.Imports, (SyntaxNode?)directive.NamespaceOrType ?? directive);
            }
        }
    }

    private void CollectTopLevelTypes(SyntaxList<MemberDeclarationSyntax> members, List<ISymbol> types)
    {
        foreach (var member in members)
        {
            switch (member)
            {
                case BaseNamespaceDeclarationSyntax ns:
                    CollectTopLevelTypes(ns.Members, types);
                    break;
                case BaseTypeDeclarationSyntax or DelegateDeclarationSyntax:
                    if (Declared(member) is { } type)
                    {
                        types.Add(type);
                    }

                    break;
            }
        }
    }
}
