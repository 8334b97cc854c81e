using CodeIndex.Core.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeIndex.Extraction.Walking;

/// <summary>Uses inside declarations: names (types → references, methods/properties → calls), object creation, constructor initializers, indexers, operators.</summary>
internal sealed partial class DocumentWalker
{
    public override void VisitIdentifierName(IdentifierNameSyntax node)
    {
        if (!node.IsVar)
        {
            VisitName(node);
        }
    }

    public override void VisitGenericName(GenericNameSyntax node)
    {
        VisitName(node);
        base.VisitGenericName(node); // type arguments, nested generics
    }

    public override void VisitPredefinedType(PredefinedTypeSyntax node)
    {
        if (_container is not null && !node.Keyword.IsKind(SyntaxKind.VoidKeyword))
        {
            Edge(_container, Single(Bind(node)), RelationshipTypes.References, node);
        }
    }

    public override void VisitUsingDirective(UsingDirectiveSyntax node)
    {
        // Handled per scope (see VisitUsings); the names inside are not walked.
    }

    public override void VisitNameColon(NameColonSyntax node)
    {
        // Named-argument names bind to parameters: nothing to record.
    }

    public override void VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        if (node.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" } && Bind(node).Symbol is null)
        {
            _nameofDepth++;
            base.VisitInvocationExpression(node);
            _nameofDepth--;
            return;
        }

        base.VisitInvocationExpression(node);
    }

    public override void VisitObjectCreationExpression(ObjectCreationExpressionSyntax node)
    {
        Edge(_container, Single(Bind(node)), RelationshipTypes.Calls, node.Type);
        base.VisitObjectCreationExpression(node); // the type name → references
    }

    public override void VisitImplicitObjectCreationExpression(ImplicitObjectCreationExpressionSyntax node)
    {
        var constructor = Single(Bind(node));
        Edge(_container, constructor, RelationshipTypes.Calls, node.NewKeyword);
        Edge(_container, constructor?.ContainingType, RelationshipTypes.References, node.NewKeyword);
        base.VisitImplicitObjectCreationExpression(node);
    }

    public override void VisitConstructorInitializer(ConstructorInitializerSyntax node)
    {
        Edge(_container, Single(Bind(node)), RelationshipTypes.Calls, node.ThisOrBaseKeyword);
        base.VisitConstructorInitializer(node);
    }

    public override void VisitElementAccessExpression(ElementAccessExpressionSyntax node)
    {
        Edge(_container, Single(Bind(node)) as IPropertySymbol, RelationshipTypes.Calls, node.ArgumentList);
        base.VisitElementAccessExpression(node);
    }

    public override void VisitElementBindingExpression(ElementBindingExpressionSyntax node)
    {
        Edge(_container, Single(Bind(node)) as IPropertySymbol, RelationshipTypes.Calls, node.ArgumentList);
        base.VisitElementBindingExpression(node);
    }

    public override void VisitBinaryExpression(BinaryExpressionSyntax node)
    {
        VisitOperator(node, node.OperatorToken);
        base.VisitBinaryExpression(node);
    }

    public override void VisitAssignmentExpression(AssignmentExpressionSyntax node)
    {
        if (!node.IsKind(SyntaxKind.SimpleAssignmentExpression))
        {
            VisitOperator(node, node.OperatorToken);
        }

        base.VisitAssignmentExpression(node);
    }

    public override void VisitPrefixUnaryExpression(PrefixUnaryExpressionSyntax node)
    {
        VisitOperator(node, node.OperatorToken);
        base.VisitPrefixUnaryExpression(node);
    }

    public override void VisitPostfixUnaryExpression(PostfixUnaryExpressionSyntax node)
    {
        VisitOperator(node, node.OperatorToken);
        base.VisitPostfixUnaryExpression(node);
    }

    public override void VisitCastExpression(CastExpressionSyntax node)
    {
        VisitOperator(node, node.OpenParenToken);
        base.VisitCastExpression(node);
    }

    /// <summary>User-defined operators and conversions only; built-in operators bind to synthesized methods we skip.</summary>
    private void VisitOperator(SyntaxNode node, SyntaxToken site)
    {
        if (_container is not null && Single(Bind(node)) is IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator or MethodKind.Conversion } method)
        {
            Edge(_container, method, RelationshipTypes.Calls, site);
        }
    }

    private void VisitName(SimpleNameSyntax node)
    {
        if (_container is null)
        {
            return;
        }

        switch (Single(Bind(node)))
        {
            case ITypeSymbol type:
                Edge(_container, type, RelationshipTypes.References, node);
                break;
            case IMethodSymbol { MethodKind: MethodKind.Constructor } constructor:
                // Attribute names bind to the attribute constructor: the site uses the attribute class.
                Edge(_container, constructor.ContainingType, RelationshipTypes.References, node);
                break;
            case IMethodSymbol method when _nameofDepth == 0:
                Edge(_container, method, RelationshipTypes.Calls, node);
                break;
            case IPropertySymbol property when _nameofDepth == 0:
                Edge(_container, property, RelationshipTypes.Calls, node);
                break;
        }
    }
}
