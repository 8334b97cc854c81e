using CodeIndex.Core.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CodeIndex.Extraction.Tests.Oracle;

/// <summary>
/// The compiler's own answer to "what uses what, how", derived independently of the extractor: no syntax walker, no container
/// tracking, no access classifier. Every executable body (members, accessors, initializers, attribute arguments, parameter
/// defaults, top-level statements) is turned into its <c>IOperation</c> tree; each reference operation gives a target, its
/// parent operation gives the access, and <see cref="SemanticModel.GetEnclosingSymbol"/> gives the source.
/// </summary>
/// <remarks>
/// Compared: <c>calls</c> (invocations, object creation, property and indexer references, user-defined operators and
/// conversions) and <c>uses</c> (fields, constants, enum members, events, method groups), each with its access. Not compared:
/// <c>nameof</c> (its operand is not bound to a reference operation) and <c>cref</c> (no operations in doc comments), and the
/// implicit calls with no reference operation (<c>foreach</c>, <c>await</c>, <c>using</c>, deconstruction): the fixture tests
/// pin those site by site.
/// </remarks>
internal static class OperationOracle
{
    /// <summary>Expected (source key, target key, relationship type, access) facts of one compilation's documents (those <paramref name="include"/> accepts; all by default).</summary>
    public static HashSet<string> Expected(Compilation compilation, Func<SyntaxTree, bool>? include = null)
    {
        var facts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (include is not null && !include(tree))
            {
                continue;
            }

            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                // Top-level statements' operations hang off each statement; a primary constructor's (its base call) off its type.
                var rootNode = node is GlobalStatementSyntax global ? global.Statement : node;
                if (!IsBodyRoot(node) || model.GetOperation(rootNode) is not { } root)
                {
                    continue;
                }

                // A primary constructor's body (its base call) belongs to the primary constructor, not to the type that encloses it.
                var primary = node is TypeDeclarationSyntax && model.GetDeclaredSymbol(node) is INamedTypeSymbol declared
                    ? declared.InstanceConstructors.FirstOrDefault(c => c.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == tree && r.Span == node.Span))
                    : null;
                foreach (var operation in root.DescendantsAndSelf())
                {
                    if (Fact(operation) is not (var target, var type, var access))
                    {
                        continue;
                    }

                    var source = primary ?? Source(model.GetEnclosingSymbol(operation.Syntax.SpanStart), model, operation.Syntax);
                    if (Key(source) is { } s && Key(Target(target)) is { } t)
                    {
                        facts.Add($"{s} -> {t} {type} {access}");
                    }
                }
            }
        }

        return facts;
    }

    /// <summary>Syntax whose operation tree is a whole body, initializer or attribute (nested ones are reached through it).</summary>
    private static bool IsBodyRoot(SyntaxNode node) => node switch
    {
        BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or AttributeSyntax => true,
        ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax } => true,
        EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax } or PropertyDeclarationSyntax or ParameterSyntax or EnumMemberDeclarationSyntax } => true,
        GlobalStatementSyntax => true,
        TypeDeclarationSyntax { ParameterList: not null } => true,
        _ => false,
    };

    private static (ISymbol Target, string Type, string Access)? Fact(IOperation operation) => operation switch
    {
        IInvocationOperation { TargetMethod: var m } when !(operation.IsImplicit && m.MethodKind == MethodKind.Constructor && m.ContainingType.SpecialType == SpecialType.System_Object)
            => (m, RelationshipTypes.Calls, SiteAccess.Invoke),
        IObjectCreationOperation { Constructor: { } c } => (c, RelationshipTypes.Calls, SiteAccess.Invoke),
        IPropertyReferenceOperation p when p.Parent is not INameOfOperation => (p.Property, RelationshipTypes.Calls, Access(p)),
        IFieldReferenceOperation { Field: { AssociatedSymbol: IPropertySymbol backed } } f when f.Field.IsImplicitlyDeclared => (backed, RelationshipTypes.Uses, Access(f)),
        IFieldReferenceOperation f when f.Parent is not INameOfOperation => (f.Field, RelationshipTypes.Uses, Access(f)),
        IEventReferenceOperation e when e.Parent is not INameOfOperation => (e.Event, RelationshipTypes.Uses, e.Parent is IEventAssignmentOperation a ? a.Adds ? SiteAccess.Subscribe : SiteAccess.Unsubscribe : SiteAccess.Read),
        IMethodReferenceOperation r when r.Parent is not INameOfOperation => (r.Method, RelationshipTypes.Uses, SiteAccess.MethodGroup),
        IConversionOperation { OperatorMethod: { } op } => (op, RelationshipTypes.Calls, SiteAccess.Invoke),
        IBinaryOperation { OperatorMethod: { } op } => (op, RelationshipTypes.Calls, SiteAccess.Invoke),
        IUnaryOperation { OperatorMethod: { } op } => (op, RelationshipTypes.Calls, SiteAccess.Invoke),
        ICompoundAssignmentOperation { OperatorMethod: { } op } => (op, RelationshipTypes.Calls, SiteAccess.Invoke),
        IIncrementOrDecrementOperation { OperatorMethod: { } op } => (op, RelationshipTypes.Calls, SiteAccess.Invoke),
        _ => null,
    };

    /// <summary>The access from the operation that consumes the reference.</summary>
    private static string Access(IOperation reference)
    {
        var parent = reference.Parent;
        while (parent is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
        {
            (reference, parent) = (parent, parent.Parent);
        }

        return parent switch
        {
            ISimpleAssignmentOperation a when a.Target == reference => SiteAccess.Write,
            ICompoundAssignmentOperation a when a.Target == reference => SiteAccess.ReadWrite,
            ICoalesceAssignmentOperation a when a.Target == reference => SiteAccess.ReadWrite,
            IIncrementOrDecrementOperation => SiteAccess.ReadWrite,
            IArgumentOperation { Parameter.RefKind: RefKind.Ref } => SiteAccess.ReadWrite,
            IArgumentOperation { Parameter.RefKind: RefKind.Out } => SiteAccess.Write,
            IAddressOfOperation => SiteAccess.ReadWrite,
            ITupleOperation t when IsDeconstructionTarget(t) => SiteAccess.Write,
            _ => SiteAccess.Read,
        };
    }

    private static bool IsDeconstructionTarget(ITupleOperation tuple)
    {
        IOperation outer = tuple;
        while (outer.Parent is ITupleOperation enclosing)
        {
            outer = enclosing;
        }

        return outer.Parent is IDeconstructionAssignmentOperation d && d.Target == outer;
    }

    /// <summary>The indexed symbol a body belongs to: accessors → their property or event, lambdas and local functions → their member.</summary>
    private static ISymbol? Source(ISymbol? enclosing, SemanticModel model, SyntaxNode syntax)
    {
        for (var s = enclosing; s is not null; s = s.ContainingSymbol)
        {
            switch (s)
            {
                case IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction }:
                    continue;
                case IMethodSymbol { AssociatedSymbol: IPropertySymbol or IEventSymbol } accessor:
                    return accessor.AssociatedSymbol;
                case IFieldSymbol { AssociatedSymbol: IPropertySymbol property }:
                    return property; // an auto-property's initializer encloses in its backing field
                case { ContainingType.IsAnonymousType: true } or INamedTypeSymbol { IsAnonymousType: true }:
                    continue; // `new { X = … }`: its members are not where code lives
                case IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol:
                    return s;
                case INamedTypeSymbol type:
                    // An attribute on a member, or a field/parameter initializer: the declared symbol of the enclosing declaration.
                    return syntax.AncestorsAndSelf().Select(a => a is VariableDeclaratorSyntax or MemberDeclarationSyntax ? model.GetDeclaredSymbol(a) : null).FirstOrDefault(x => x is not null) ?? type;
            }
        }

        return null;
    }

    private static ISymbol Target(ISymbol symbol) => symbol switch
    {
        IMethodSymbol { IsImplicitlyDeclared: true, IsStatic: true, ContainingType: { } container } implementation
            when DeclaredExtensionMember(container, implementation) is { } declared => declared,
        IMethodSymbol { ReducedFrom: { } reduced } => reduced,
        IMethodSymbol { AssociatedSymbol: IPropertySymbol or IEventSymbol } accessor => accessor.AssociatedSymbol,
        IMethodSymbol { PartialDefinitionPart: { } definition } => definition,
        _ => symbol,
    };

    /// <summary>The identity rule of docs/schema.md: a call to an extension block's lowered implementation targets the member as declared.</summary>
    private static ISymbol? DeclaredExtensionMember(INamedTypeSymbol container, IMethodSymbol implementation) =>
        container.GetTypeMembers().Where(t => t.IsExtension).SelectMany(t => t.GetMembers())
            .FirstOrDefault(m => m is IMethodSymbol { AssociatedExtensionImplementation: { } lowered } && SymbolEqualityComparer.Default.Equals(lowered, implementation.OriginalDefinition)
                || m is IPropertySymbol p && new[] { p.GetMethod, p.SetMethod }.Any(a => a?.AssociatedExtensionImplementation is { } lowered && SymbolEqualityComparer.Default.Equals(lowered, implementation.OriginalDefinition)));

    private static string? Key(ISymbol? symbol) =>
        symbol?.OriginalDefinition is { } d && d is not IFieldSymbol { ContainingType.IsTupleType: true } && d is not IMethodSymbol { MethodKind: MethodKind.BuiltinOperator or MethodKind.LocalFunction or MethodKind.AnonymousFunction }
            ? d.GetDocumentationCommentId()
            : null;
}
