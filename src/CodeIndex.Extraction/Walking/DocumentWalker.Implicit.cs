using CodeIndex.Core.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeIndex.Extraction.Walking;

/// <summary>
/// Calls the compiler binds without the callee's name being written, recorded as <c>calls</c> with <c>is_implicit</c>:
/// <c>foreach</c>, <c>await</c>, <c>using</c>, deconstruction and LINQ query syntax here (the semantic model answers them per
/// syntax node); conversions, collection initializers and expressions, positional patterns and implicit <c>base()</c> calls in
/// <see cref="ImplicitOperationWalker"/> (only the <c>IOperation</c> tree has them).
/// </summary>
internal sealed partial class DocumentWalker
{
    public override void VisitForEachStatement(ForEachStatementSyntax node)
    {
        AddForEach(node, node.ForEachKeyword);
        base.VisitForEachStatement(node);
    }

    public override void VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        AddForEach(node, node.ForEachKeyword);
        AddDeconstruction(_model.GetDeconstructionInfo(node), node.ForEachKeyword);
        base.VisitForEachVariableStatement(node);
    }

    public override void VisitAwaitExpression(AwaitExpressionSyntax node)
    {
        if (_container is not null)
        {
            var info = _model.GetAwaitExpressionInfo(node);
            Implicit(info.GetAwaiterMethod, node.AwaitKeyword);
            Implicit(info.IsCompletedProperty, node.AwaitKeyword, SiteAccess.Read);
            Implicit(info.GetResultMethod, node.AwaitKeyword);
        }

        base.VisitAwaitExpression(node);
    }

    public override void VisitUsingStatement(UsingStatementSyntax node)
    {
        if (_container is not null)
        {
            var awaited = node.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword);
            if (node.Declaration is { } declaration)
            {
                AddDisposal(_model.GetTypeInfo(declaration.Type, _cancellationToken).Type, awaited, node.UsingKeyword);
            }
            else if (node.Expression is { } expression)
            {
                AddDisposal(_model.GetTypeInfo(expression, _cancellationToken).Type, awaited, node.UsingKeyword);
            }
        }

        base.VisitUsingStatement(node);
    }

    public override void VisitLocalDeclarationStatement(LocalDeclarationStatementSyntax node)
    {
        if (_container is not null && node.UsingKeyword.IsKind(SyntaxKind.UsingKeyword))
        {
            AddDisposal(_model.GetTypeInfo(node.Declaration.Type, _cancellationToken).Type, node.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword), node.UsingKeyword);
        }

        base.VisitLocalDeclarationStatement(node);
    }

    public override void VisitFromClause(FromClauseSyntax node)
    {
        AddQueryClause(_model.GetQueryClauseInfo(node, _cancellationToken), node.FromKeyword);
        base.VisitFromClause(node);
    }

    public override void VisitLetClause(LetClauseSyntax node)
    {
        AddQueryClause(_model.GetQueryClauseInfo(node, _cancellationToken), node.LetKeyword);
        base.VisitLetClause(node);
    }

    public override void VisitJoinClause(JoinClauseSyntax node)
    {
        AddQueryClause(_model.GetQueryClauseInfo(node, _cancellationToken), node.JoinKeyword);
        base.VisitJoinClause(node);
    }

    public override void VisitWhereClause(WhereClauseSyntax node)
    {
        AddQueryClause(_model.GetQueryClauseInfo(node, _cancellationToken), node.WhereKeyword);
        base.VisitWhereClause(node);
    }

    public override void VisitOrdering(OrderingSyntax node)
    {
        Implicit(Single(Bind(node)), node.GetFirstToken());
        base.VisitOrdering(node);
    }

    public override void VisitSelectClause(SelectClauseSyntax node)
    {
        Implicit(Single(Bind(node)), node.SelectKeyword);
        base.VisitSelectClause(node);
    }

    public override void VisitGroupClause(GroupClauseSyntax node)
    {
        Implicit(Single(Bind(node)), node.GroupKeyword);
        base.VisitGroupClause(node);
    }

    private void AddForEach(CommonForEachStatementSyntax node, SyntaxToken site)
    {
        if (_container is null)
        {
            return;
        }

        var info = _model.GetForEachStatementInfo(node);
        Implicit(info.GetEnumeratorMethod, site);
        Implicit(info.MoveNextMethod, site);
        Implicit(info.CurrentProperty, site, SiteAccess.Read);
        Implicit(DisposalTarget(info.GetEnumeratorMethod?.ReturnType, info.DisposeMethod), site);
        if (info.IsAsynchronous)
        {
            AddAwaiter(info.MoveNextMethod?.ReturnType, site); // await foreach awaits MoveNextAsync() and DisposeAsync()
            AddAwaiter(info.DisposeMethod?.ReturnType, site);
        }
        if (info.ElementConversion is { IsUserDefined: true, MethodSymbol: { } conversion })
        {
            Implicit(conversion, site);
        }
    }

    private void AddDeconstruction(DeconstructionInfo info, SyntaxToken site)
    {
        if (_container is null)
        {
            return;
        }

        Implicit(info.Method, site);
        foreach (var nested in info.Nested)
        {
            AddDeconstruction(nested, site);
        }
    }

    private void AddQueryClause(QueryClauseInfo info, SyntaxToken site)
    {
        Implicit(info.CastInfo.Symbol, site);
        Implicit(info.OperationInfo.Symbol, site);
    }

    /// <summary>
    /// <c>using</c>: the resource type's <c>Dispose</c>/<c>DisposeAsync</c>. When the static type is a class or struct, the edge targets
    /// its implementation (the method a user reads and asks about); for interfaces and type parameters, the interface member.
    /// Ref structs dispose by pattern (a public <c>Dispose()</c>).
    /// </summary>
    private void AddDisposal(ITypeSymbol? type, bool awaited, SyntaxToken site)
    {
        if (type is null || type.TypeKind == TypeKind.Error)
        {
            return;
        }

        var contract = awaited ? _model.Compilation.GetTypeByMetadataName("System.IAsyncDisposable") : _model.Compilation.GetSpecialType(SpecialType.System_IDisposable);
        var member = contract?.GetMembers(awaited ? "DisposeAsync" : "Dispose").OfType<IMethodSymbol>().FirstOrDefault();
        ISymbol? target = type.IsRefLikeType
            ? type.GetMembers("Dispose").OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.IsEmpty && !m.IsStatic)
            : DisposalTarget(type, member);
        Implicit(target, site); // `using (A a = …, b = …)` disposes each resource: one site, at the `using` keyword

        if (awaited && target is IMethodSymbol disposeAsync)
        {
            AddAwaiter(disposeAsync.ReturnType, site);
        }
    }

    /// <summary>
    /// The awaiter calls of an <c>await</c> the compiler inserts itself (<c>await foreach</c>, <c>await using</c>): <c>GetAwaiter</c> on
    /// the awaited type, <c>IsCompleted</c> and <c>GetResult</c> on its awaiter — the pattern an <c>await</c> expression binds (by name:
    /// no semantic model question answers it for an <c>await</c> that has no syntax of its own).
    /// </summary>
    private void AddAwaiter(ITypeSymbol? awaitable, SyntaxToken site)
    {
        if (awaitable?.GetMembers("GetAwaiter").OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.IsEmpty && !m.IsStatic) is not { } getAwaiter)
        {
            return;
        }

        Implicit(getAwaiter, site);
        Implicit(getAwaiter.ReturnType.GetMembers("IsCompleted").OfType<IPropertySymbol>().FirstOrDefault(), site, SiteAccess.Read);
        Implicit(getAwaiter.ReturnType.GetMembers("GetResult").OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.IsEmpty), site);
    }

    /// <summary>The implementation of <paramref name="member"/> in a class or struct <paramref name="type"/>, else the member itself.</summary>
    private static ISymbol? DisposalTarget(ITypeSymbol? type, IMethodSymbol? member)
    {
        if (member is null)
        {
            return null;
        }

        if (member.ContainingType.TypeKind == TypeKind.Interface && type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named
            && named.FindImplementationForInterfaceMember(member) is IMethodSymbol implementation)
        {
            return implementation;
        }

        return member;
    }

    private void Implicit(ISymbol? target, SyntaxToken site, string access = SiteAccess.Invoke)
    {
        if (target is not null)
        {
            Edge(_container, target, RelationshipTypes.Calls, site, access, isImplicit: true);
        }
    }


    /// <summary>Runs <see cref="ImplicitOperationWalker"/> over the operation tree of a body, initializer or statement.</summary>
    private void AddImplicitOperations(SyntaxNode? node)
    {
        if (_container is null || node is null)
        {
            return;
        }

        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var operation = _model.GetOperation(node, _cancellationToken);
        _facts.BindingTicks += System.Diagnostics.Stopwatch.GetTimestamp() - start;
        if (operation is not null)
        {
            var container = _container;
            new ImplicitOperationWalker(
                (method, position) => Edge(container, method, RelationshipTypes.Calls, position, SiteAccess.Invoke, isImplicit: true, isCandidate: false),
                _model.Compilation).Visit(operation);
        }
    }

    /// <summary>The implicit parameterless constructor of a class calls its base class's parameterless constructor.</summary>
    private void AddImplicitConstructor(INamedTypeSymbol type, BaseTypeDeclarationSyntax node)
    {
        if (type.TypeKind != TypeKind.Class || type.IsStatic || type.BaseType is not { SpecialType: not SpecialType.System_Object } baseType)
        {
            return;
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            // Partial classes: the implicit constructor's site is the first declaration, so one document records it.
            if (constructor.IsImplicitlyDeclared && constructor.Parameters.IsEmpty && constructor.Locations.FirstOrDefault() is { SourceTree: var tree, SourceSpan: var span }
                && tree == _tree && span.Start == node.Identifier.SpanStart)
            {
                var baseConstructor = baseType.InstanceConstructors.FirstOrDefault(c => c.Parameters.All(p => p.IsOptional || p.IsParams));
                if (baseConstructor is not null)
                {
                    Edge(constructor, baseConstructor, RelationshipTypes.Calls, node.Identifier, SiteAccess.Invoke, isImplicit: true);
                }
            }
        }
    }
}
