using CodeIndex.Core.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeIndex.Extraction.Walking;

/// <summary>Declarations: namespaces, types, members; contains/extends/implements/overrides edges.</summary>
internal sealed partial class DocumentWalker
{
    public override void VisitNamespaceDeclaration(NamespaceDeclarationSyntax node) => VisitNamespace(node, () => base.VisitNamespaceDeclaration(node));

    public override void VisitFileScopedNamespaceDeclaration(FileScopedNamespaceDeclarationSyntax node) => VisitNamespace(node, () => base.VisitFileScopedNamespaceDeclaration(node));

    public override void VisitClassDeclaration(ClassDeclarationSyntax node) => VisitType(node);

    public override void VisitStructDeclaration(StructDeclarationSyntax node) => VisitType(node);

    public override void VisitInterfaceDeclaration(InterfaceDeclarationSyntax node) => VisitType(node);

    public override void VisitRecordDeclaration(RecordDeclarationSyntax node) => VisitType(node);

    public override void VisitEnumDeclaration(EnumDeclarationSyntax node) => VisitType(node);

    public override void VisitDelegateDeclaration(DelegateDeclarationSyntax node) => VisitMember(node, () => base.VisitDelegateDeclaration(node));

    public override void VisitMethodDeclaration(MethodDeclarationSyntax node) => VisitMember(node, () => base.VisitMethodDeclaration(node));

    public override void VisitConstructorDeclaration(ConstructorDeclarationSyntax node) => VisitMember(node, () => base.VisitConstructorDeclaration(node));

    public override void VisitDestructorDeclaration(DestructorDeclarationSyntax node) => VisitMember(node, () => base.VisitDestructorDeclaration(node));

    public override void VisitOperatorDeclaration(OperatorDeclarationSyntax node) => VisitMember(node, () => base.VisitOperatorDeclaration(node));

    public override void VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node) => VisitMember(node, () => base.VisitConversionOperatorDeclaration(node));

    public override void VisitPropertyDeclaration(PropertyDeclarationSyntax node) => VisitMember(node, () => base.VisitPropertyDeclaration(node));

    public override void VisitIndexerDeclaration(IndexerDeclarationSyntax node) => VisitMember(node, () => base.VisitIndexerDeclaration(node));

    public override void VisitEventDeclaration(EventDeclarationSyntax node) => VisitMember(node, () => base.VisitEventDeclaration(node));

    public override void VisitEnumMemberDeclaration(EnumMemberDeclarationSyntax node) => VisitMember(node, () => base.VisitEnumMemberDeclaration(node));

    public override void VisitFieldDeclaration(FieldDeclarationSyntax node) => VisitFields(node);

    public override void VisitEventFieldDeclaration(EventFieldDeclarationSyntax node) => VisitFields(node);

    private void VisitNamespace(BaseNamespaceDeclarationSyntax node, Action visitChildren)
    {
        if (Declared(node) is not INamespaceSymbol ns)
        {
            visitChildren();
            return;
        }

        // `namespace A.B.C` declares A, A.B and A.B.C (up to the enclosing namespace declaration, if any).
        var outer = _container as INamespaceSymbol;
        for (var current = ns; current is { IsGlobalNamespace: false } && !SymbolEqualityComparer.Default.Equals(current, outer); current = current.ContainingNamespace)
        {
            Declare(current);
            if (current.ContainingNamespace is { IsGlobalNamespace: false } parent)
            {
                Edge(parent, current, RelationshipTypes.Contains, node.Name);
            }
        }

        VisitUsings(node.Usings, node.Members, program: null);
        WithContainer(ns, visitChildren);
    }

    private void VisitType(BaseTypeDeclarationSyntax node)
    {
        if (Declared(node) is not INamedTypeSymbol type)
        {
            DefaultVisit(node);
            return;
        }

        _cancellationToken.ThrowIfCancellationRequested();
        Declare(type);
        Edge(_container, type, RelationshipTypes.Contains, node.Identifier);
        var primaryConstructor = node is TypeDeclarationSyntax { ParameterList: not null } typeNode ? DeclarePrimaryConstructor(type, typeNode) : null;
        AddImplicitConstructor(type, node);
        WithContainer(type, () =>
        {
            AddDocumentationReferences(node);
            foreach (var attributes in node.AttributeLists)
            {
                Visit(attributes);
            }

            if (node is TypeDeclarationSyntax declaration)
            {
                Visit(declaration.TypeParameterList);
                WithContainer(primaryConstructor, () => Visit(declaration.ParameterList));
            }

            VisitBaseList(type, node.BaseList, primaryConstructor);
            if (node is TypeDeclarationSyntax withConstraints)
            {
                foreach (var clause in withConstraints.ConstraintClauses)
                {
                    Visit(clause);
                }

                foreach (var member in withConstraints.Members)
                {
                    Visit(member);
                }
            }
            else if (node is EnumDeclarationSyntax enumNode)
            {
                foreach (var member in enumNode.Members)
                {
                    Visit(member);
                }
            }
        });
    }

    private void VisitBaseList(INamedTypeSymbol type, BaseListSyntax? baseList, IMethodSymbol? primaryConstructor)
    {
        if (baseList is null)
        {
            return;
        }

        foreach (var baseType in baseList.Types)
        {
            Visit(baseType.Type); // references
            if (type.TypeKind != TypeKind.Enum && Single(Bind(baseType.Type)) is INamedTypeSymbol bound)
            {
                if (bound.TypeKind == TypeKind.Interface)
                {
                    Edge(type, bound, type.TypeKind == TypeKind.Interface ? RelationshipTypes.Extends : RelationshipTypes.Implements, baseType.Type);
                }
                else if (bound.TypeKind == TypeKind.Class && bound.SpecialType != SpecialType.System_Object)
                {
                    Edge(type, bound, RelationshipTypes.Extends, baseType.Type);
                }
            }

            if (baseType is PrimaryConstructorBaseTypeSyntax primaryBase)
            {
                WithContainer(primaryConstructor, () =>
                {
                    var constructor = Single(Bind(primaryBase), out var candidate);
                    Edge(_container, constructor, RelationshipTypes.Calls, primaryBase.ArgumentList, SiteAccess.Invoke, isCandidate: candidate);
                    Visit(primaryBase.ArgumentList);
                    AddImplicitOperations(primaryBase);
                });
            }
        }

        // A primary constructor without base arguments calls the base class's parameterless constructor.
        if (primaryConstructor is not null && type.TypeKind == TypeKind.Class && type.BaseType is { SpecialType: not SpecialType.System_Object } baseClass
            && !baseList.Types.Any(t => t is PrimaryConstructorBaseTypeSyntax)
            && baseClass.InstanceConstructors.FirstOrDefault(c => c.Parameters.All(p => p.IsOptional || p.IsParams)) is { } parameterless)
        {
            Edge(primaryConstructor, parameterless, RelationshipTypes.Calls, baseList.Types[0].Type, SiteAccess.Invoke, isImplicit: true);
        }
    }

    /// <summary>Declares the primary constructor of <paramref name="node"/> and, for records, the positional properties.</summary>
    private IMethodSymbol? DeclarePrimaryConstructor(INamedTypeSymbol type, TypeDeclarationSyntax node)
    {
        IMethodSymbol? primary = null;
        foreach (var constructor in type.InstanceConstructors)
        {
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == _tree && reference.Span == node.Span)
                {
                    primary = constructor;
                }
            }
        }

        if (primary is null)
        {
            return null;
        }

        Declare(primary);
        Edge(type, primary, RelationshipTypes.Contains, node.Identifier);
        if (node is RecordDeclarationSyntax)
        {
            foreach (var parameter in node.ParameterList!.Parameters)
            {
                foreach (var member in type.GetMembers(parameter.Identifier.ValueText))
                {
                    if (member is IPropertySymbol property && IsDeclaredBy(property, parameter))
                    {
                        Declare(property);
                        Edge(type, property, RelationshipTypes.Contains, parameter.Identifier);
                    }
                }
            }
        }

        return primary;
    }

    private bool IsDeclaredBy(ISymbol symbol, SyntaxNode node)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == _tree && reference.Span == node.Span)
            {
                return true;
            }
        }

        return false;
    }

    private void VisitMember(SyntaxNode node, Action visitChildren)
    {
        var symbol = Declared(node);
        if (symbol is null)
        {
            visitChildren();
            return;
        }

        _cancellationToken.ThrowIfCancellationRequested();
        var name = NameToken(node);
        Declare(symbol);
        Edge(_container, symbol, RelationshipTypes.Contains, name);
        AddInheritanceEdges(symbol, name);
        WithContainer(symbol, () =>
        {
            AddDocumentationReferences(node);
            visitChildren();
            AddImplicitOperationsOf(node);
        });
    }

    /// <summary>The operation trees of a member's bodies, accessors and initializer (see <see cref="ImplicitOperationWalker"/>).</summary>
    private void AddImplicitOperationsOf(SyntaxNode node)
    {
        switch (node)
        {
            case BaseMethodDeclarationSyntax method:
                AddImplicitOperations(method); // body or expression body, and a constructor's initializer
                break;
            case BasePropertyDeclarationSyntax property:
                foreach (var accessor in property.AccessorList?.Accessors ?? default)
                {
                    AddImplicitOperations(accessor);
                }

                if (property is PropertyDeclarationSyntax withInitializer)
                {
                    AddImplicitOperations(withInitializer.ExpressionBody);
                    AddImplicitOperations(withInitializer.Initializer);
                }
                else if (property is IndexerDeclarationSyntax indexer)
                {
                    AddImplicitOperations(indexer.ExpressionBody);
                }

                break;
        }
    }

    private void VisitFields(BaseFieldDeclarationSyntax node)
    {
        foreach (var variable in node.Declaration.Variables)
        {
            var symbol = Declared(variable);
            if (symbol is null)
            {
                continue;
            }

            Declare(symbol);
            Edge(_container, symbol, RelationshipTypes.Contains, variable.Identifier);
            AddInheritanceEdges(symbol, variable.Identifier);
            WithContainer(symbol, () =>
            {
                AddDocumentationReferences(node);
                foreach (var attributes in node.AttributeLists)
                {
                    Visit(attributes);
                }

                Visit(node.Declaration.Type);
                Visit(variable);
                AddImplicitOperations(variable.Initializer);
            });
        }
    }
}
