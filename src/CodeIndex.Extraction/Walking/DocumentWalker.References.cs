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
            Edge(_container, Single(Bind(node)), RelationshipTypes.References, node, TypeAccess);
        }
    }

    public override void VisitUsingDirective(UsingDirectiveSyntax node)
    {
        // Handled per scope (see VisitUsings); the names inside are not walked.
    }

    public override void VisitNameColon(NameColonSyntax node)
    {
        // Named-argument names bind to parameters: nothing to record. In a property pattern (`{ Status: … }`) the name reads a member.
        if (node.Parent is SubpatternSyntax)
        {
            Visit(node.Name);
        }
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

        // A delegate invoked through an expression that is not a name (`GetHandler()(x)`, `((Action)d)()`): names are handled in VisitName.
        if (_container is not null && !IsNamed(node.Expression) && Single(Bind(node), out var candidate) is IMethodSymbol { MethodKind: MethodKind.DelegateInvoke } invoke)
        {
            Edge(_container, invoke, RelationshipTypes.Calls, node.ArgumentList, SiteAccess.Invoke, isImplicit: true, isCandidate: candidate);
        }

        base.VisitInvocationExpression(node);
    }

    private static bool IsNamed(ExpressionSyntax callee) => callee switch
    {
        SimpleNameSyntax or MemberAccessExpressionSyntax or MemberBindingExpressionSyntax => true,
        PostfixUnaryExpressionSyntax { Operand: var operand } when callee.IsKind(SyntaxKind.SuppressNullableWarningExpression) => IsNamed(operand),
        ParenthesizedExpressionSyntax { Expression: var inner } => IsNamed(inner),
        _ => false,
    };

    public override void VisitImplicitElementAccess(ImplicitElementAccessSyntax node)
    {
        // `new Dictionary<K, V> { ["k"] = v }`: the initializer sets the indexer.
        var indexer = Single(Bind(node), out var candidate) as IPropertySymbol;
        Edge(_container, indexer, RelationshipTypes.Calls, node.ArgumentList, AccessClassifier.Of(node), isCandidate: candidate);
        base.VisitImplicitElementAccess(node);
    }

    public override void VisitObjectCreationExpression(ObjectCreationExpressionSyntax node)
    {
        var constructor = Single(Bind(node), out var candidate);
        Edge(_container, constructor, RelationshipTypes.Calls, node.Type, SiteAccess.Invoke, isCandidate: candidate);
        base.VisitObjectCreationExpression(node); // the type name → references
    }

    public override void VisitImplicitObjectCreationExpression(ImplicitObjectCreationExpressionSyntax node)
    {
        var constructor = Single(Bind(node), out var candidate);
        Edge(_container, constructor, RelationshipTypes.Calls, node.NewKeyword, SiteAccess.Invoke, isCandidate: candidate);
        Edge(_container, constructor?.ContainingType, RelationshipTypes.References, node.NewKeyword, SiteAccess.Reference, isCandidate: candidate);
        base.VisitImplicitObjectCreationExpression(node);
    }

    public override void VisitConstructorInitializer(ConstructorInitializerSyntax node)
    {
        var constructor = Single(Bind(node), out var candidate);
        Edge(_container, constructor, RelationshipTypes.Calls, node.ThisOrBaseKeyword, SiteAccess.Invoke, isCandidate: candidate);
        base.VisitConstructorInitializer(node);
    }

    public override void VisitElementAccessExpression(ElementAccessExpressionSyntax node)
    {
        var indexer = Single(Bind(node), out var candidate) as IPropertySymbol;
        Edge(_container, indexer, RelationshipTypes.Calls, node.ArgumentList, AccessClassifier.Of(node), isCandidate: candidate);
        base.VisitElementAccessExpression(node);
    }

    public override void VisitElementBindingExpression(ElementBindingExpressionSyntax node)
    {
        var indexer = Single(Bind(node), out var candidate) as IPropertySymbol;
        Edge(_container, indexer, RelationshipTypes.Calls, node.ArgumentList, AccessClassifier.Of(node), isCandidate: candidate);
        base.VisitElementBindingExpression(node);
    }

    public override void VisitFieldExpression(FieldExpressionSyntax node)
    {
        // C# 14 `field` in an accessor: a use of the property itself (the backing field is not a symbol we index).
        if (Single(Bind(node)) is IFieldSymbol { AssociatedSymbol: IPropertySymbol property })
        {
            Edge(_container, property, RelationshipTypes.Uses, node, AccessClassifier.Of(node));
        }
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
        else if (node.Left is TupleExpressionSyntax or DeclarationExpressionSyntax)
        {
            AddDeconstruction(_model.GetDeconstructionInfo(node), node.OperatorToken);
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
        if (_container is not null && Single(Bind(node), out var candidate) is IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator or MethodKind.Conversion } method)
        {
            Edge(_container, method, RelationshipTypes.Calls, site, SiteAccess.Invoke, isCandidate: candidate);
        }
    }

    /// <summary>A type name's access: named in code, or inside <c>nameof</c>.</summary>
    private string TypeAccess => _nameofDepth > 0 ? SiteAccess.NameOf : SiteAccess.Reference;

    private void VisitName(SimpleNameSyntax node)
    {
        if (_container is null)
        {
            return;
        }

        var symbol = Single(Bind(node), out var candidate);
        var nameOf = _nameofDepth > 0;
        switch (symbol)
        {
            case ITypeSymbol type:
                Edge(_container, type, RelationshipTypes.References, node, TypeAccess, isCandidate: candidate);
                break;
            case IMethodSymbol { MethodKind: MethodKind.Constructor } constructor:
                // Attribute names bind to the attribute constructor: the site uses the attribute class and calls its constructor.
                Edge(_container, constructor.ContainingType, RelationshipTypes.References, node, TypeAccess, isCandidate: candidate);
                if (!nameOf)
                {
                    Edge(_container, constructor, RelationshipTypes.Calls, node, SiteAccess.Invoke, isCandidate: candidate);
                }

                break;
            case IMethodSymbol method:
                if (nameOf)
                {
                    Edge(_container, method, RelationshipTypes.Uses, node, SiteAccess.NameOf, isCandidate: candidate);
                }
                else if (AccessClassifier.IsInvoked(node))
                {
                    Edge(_container, method, RelationshipTypes.Calls, node, SiteAccess.Invoke, isCandidate: candidate);
                }
                else
                {
                    Edge(_container, method, RelationshipTypes.Uses, node, SiteAccess.MethodGroup, isCandidate: candidate);
                }

                break;
            case IPropertySymbol property:
                // Property and indexer accesses stay `calls` (callers of a property keep working); the site says read or write.
                Edge(_container, property, nameOf ? RelationshipTypes.Uses : RelationshipTypes.Calls, node, nameOf ? SiteAccess.NameOf : AccessOf(node), isCandidate: candidate);
                break;
            case IFieldSymbol field:
                Edge(_container, field, RelationshipTypes.Uses, node, nameOf ? SiteAccess.NameOf : AccessOf(node), isCandidate: candidate);
                break;
            case IEventSymbol evt:
                Edge(_container, evt, RelationshipTypes.Uses, node, nameOf ? SiteAccess.NameOf : AccessClassifier.Of(node, isEvent: true), isCandidate: candidate);
                break;
        }

        if (!nameOf && DelegateTypeOf(symbol) is { DelegateInvokeMethod: { } invoke } && AccessClassifier.IsInvoked(node))
        {
            // `handler(x)` on a field, property, event, local or parameter of delegate type calls the delegate's Invoke.
            Edge(_container, invoke, RelationshipTypes.Calls, node, SiteAccess.Invoke, isImplicit: true, isCandidate: candidate);
        }
    }

    /// <summary><see cref="AccessClassifier.Of"/>, except that a <c>ref</c> argument to a <c>ref readonly</c> or <c>in</c> parameter only reads (bound only for <c>ref</c> arguments, which are rare).</summary>
    private string AccessOf(ExpressionSyntax node)
    {
        var access = AccessClassifier.Of(node);
        if (access == SiteAccess.ReadWrite && AccessClassifier.RefArgument(node) is { } argument
            && _model.GetOperation(argument, _cancellationToken) is Microsoft.CodeAnalysis.Operations.IArgumentOperation { Parameter.RefKind: RefKind.RefReadOnlyParameter or RefKind.In })
        {
            return SiteAccess.Read;
        }

        return access;
    }

    private static INamedTypeSymbol? DelegateTypeOf(ISymbol? symbol)
    {
        var type = symbol switch
        {
            IFieldSymbol f => f.Type,
            IPropertySymbol p => p.Type,
            IEventSymbol e => e.Type,
            ILocalSymbol l => l.Type,
            IParameterSymbol p => p.Type,
            _ => null,
        };
        return type is INamedTypeSymbol { TypeKind: TypeKind.Delegate } named ? named : null;
    }
}
