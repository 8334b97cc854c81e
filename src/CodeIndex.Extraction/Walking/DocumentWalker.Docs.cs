using CodeIndex.Core.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeIndex.Extraction.Walking;

/// <summary><c>cref</c>s in a declaration's XML documentation comment: <c>references</c> to types, <c>uses</c> of members, access <c>doc</c>.</summary>
internal sealed partial class DocumentWalker
{
    /// <summary>Records each <c>cref</c> of <paramref name="declaration"/>'s doc comment as a use by the current container.</summary>
    /// <remarks>The walker does not descend into structured trivia (it walks at <see cref="SyntaxWalkerDepth.Node"/>), so doc comments are read here, once per declaration.</remarks>
    private void AddDocumentationReferences(SyntaxNode declaration)
    {
        if (_container is null || !declaration.HasLeadingTrivia)
        {
            return;
        }

        foreach (var trivia in declaration.GetLeadingTrivia())
        {
            if (!trivia.HasStructure || trivia.GetStructure() is not DocumentationCommentTriviaSyntax comment)
            {
                continue;
            }

            foreach (var attribute in comment.DescendantNodes().OfType<XmlCrefAttributeSyntax>())
            {
                var target = Single(Bind(attribute.Cref), out var candidate);
                switch (target)
                {
                    case ITypeSymbol type:
                        Edge(_container, type, RelationshipTypes.References, attribute.Cref, SiteAccess.Doc, isCandidate: candidate);
                        break;
                    case IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol:
                        Edge(_container, target, RelationshipTypes.Uses, attribute.Cref, SiteAccess.Doc, isCandidate: candidate);
                        break;
                }
            }
        }
    }
}
