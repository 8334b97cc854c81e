using CodeIndex.Core.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CodeIndex.Extraction.Walking;

/// <summary>
/// Finds, in one body's <c>IOperation</c> tree, the implicit calls that syntax does not show and the semantic model has no
/// per-node question for: implicit user-defined conversions, collection initializers' <c>Add</c>, collection expressions'
/// constructor or builder and <c>Add</c>, positional patterns' <c>Deconstruct</c>, and a constructor's implicit <c>base()</c>.
/// </summary>
/// <param name="sink">Receives each implicitly called method with the position of its site.</param>
internal sealed class ImplicitOperationWalker(Action<IMethodSymbol, int> sink, Compilation compilation) : OperationWalker
{
    public override void VisitConversion(IConversionOperation operation)
    {
        if (operation.IsImplicit && operation.OperatorMethod is { } method)
        {
            sink(method, operation.Syntax.SpanStart);
        }

        base.VisitConversion(operation);
    }

    public override void VisitInvocation(IInvocationOperation operation)
    {
        // Implicit invocations: collection initializer elements (`new Bag { 1, 2 }` → Add) and a constructor's implicit base()
        // initializer (object() is left out: every class has it, it says nothing). LINQ query clauses are implicit invocations
        // too, but the syntax walker records those per clause.
        if (operation.IsImplicit && operation.TargetMethod.ContainingType.SpecialType != SpecialType.System_Object && !IsQuerySyntax(operation.Syntax))
        {
            sink(operation.TargetMethod, operation.Syntax.SpanStart);
        }

        base.VisitInvocation(operation);
    }

    public override void VisitCollectionExpression(ICollectionExpressionOperation operation)
    {
        if (operation.ConstructMethod is IMethodSymbol construct)
        {
            sink(construct, operation.Syntax.SpanStart);
            if (construct.MethodKind == MethodKind.Constructor && operation.Type is INamedTypeSymbol type)
            {
                foreach (var element in operation.Elements)
                {
                    var elementType = element is ISpreadOperation spread ? spread.ElementType : element.Type;
                    if (AddMethod(type, elementType) is { } add)
                    {
                        sink(add, element.Syntax.SpanStart);
                    }
                }
            }
        }

        base.VisitCollectionExpression(operation);
    }

    public override void VisitRecursivePattern(IRecursivePatternOperation operation)
    {
        if (operation.DeconstructSymbol is IMethodSymbol deconstruct)
        {
            sink(deconstruct, operation.Syntax.SpanStart);
        }

        base.VisitRecursivePattern(operation);
    }

    private static bool IsQuerySyntax(SyntaxNode syntax) =>
        syntax is QueryClauseSyntax or SelectOrGroupClauseSyntax or OrderingSyntax or QueryExpressionSyntax or QueryContinuationSyntax or QueryBodySyntax;

    /// <summary>
    /// The instance <c>Add</c> a collection expression calls per element: the compiler does not expose it, so this picks the one
    /// accessible overload whose single parameter the element converts to implicitly (the most specific by parameter type when
    /// several do). Written by hand because no public Roslyn API answers it.
    /// </summary>
    private IMethodSymbol? AddMethod(INamedTypeSymbol type, ITypeSymbol? elementType)
    {
        if (elementType is null)
        {
            return null;
        }

        IMethodSymbol? best = null;
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers("Add"))
            {
                if (member is IMethodSymbol { IsStatic: false, Parameters.Length: 1 } add
                    && compilation.ClassifyCommonConversion(elementType, add.Parameters[0].Type) is { IsImplicit: true } conversion
                    && (best is null || conversion.IsIdentity))
                {
                    best = add;
                }
            }

            if (best is not null)
            {
                return best;
            }
        }

        return null;
    }
}
