using CodeIndex.Core.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeIndex.Extraction.Walking;

/// <summary>
/// How a use site uses what it names (<see cref="SiteAccess"/>), from syntax alone: the walker has already bound the name, and the
/// access follows from where the expression stands — the left of an assignment, an operand of <c>++</c>, a <c>ref</c>/<c>out</c>
/// argument, a deconstruction target, a named attribute argument, an invocation's callee.
/// </summary>
/// <remarks>
/// Written by hand: Roslyn's equivalent (<c>ValueUsageInfo</c>, used by Find All References) is internal to its Workspaces layer.
/// The oracle test (tests/CodeIndex.Extraction.Tests/Oracle) derives the same accesses independently from <c>IOperation</c> trees.
/// </remarks>
internal static class AccessClassifier
{
    /// <summary>The access of a field, property, indexer or event use whose outermost expression starts at <paramref name="node"/>.</summary>
    public static string Of(ExpressionSyntax node, bool isEvent = false)
    {
        var expression = Outermost(node);
        switch (expression.Parent)
        {
            case AssignmentExpressionSyntax assignment when assignment.Left == expression:
                return assignment.Kind() switch
                {
                    SyntaxKind.SimpleAssignmentExpression => SiteAccess.Write,
                    SyntaxKind.AddAssignmentExpression when isEvent => SiteAccess.Subscribe,
                    SyntaxKind.SubtractAssignmentExpression when isEvent => SiteAccess.Unsubscribe,
                    _ => SiteAccess.ReadWrite, // compound assignments and ??=
                };
            case PrefixUnaryExpressionSyntax prefix when prefix.Kind() is SyntaxKind.PreIncrementExpression or SyntaxKind.PreDecrementExpression or SyntaxKind.AddressOfExpression:
                return SiteAccess.ReadWrite;
            case PostfixUnaryExpressionSyntax postfix when postfix.Kind() is SyntaxKind.PostIncrementExpression or SyntaxKind.PostDecrementExpression:
                return SiteAccess.ReadWrite;
            case ArgumentSyntax argument when argument.Expression == expression:
                if (argument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword))
                {
                    return SiteAccess.ReadWrite;
                }

                if (argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword))
                {
                    return SiteAccess.Write;
                }

                return argument.Parent is TupleExpressionSyntax tuple && IsDeconstructionTarget(tuple) ? SiteAccess.Write : SiteAccess.Read;
            case RefExpressionSyntax:
                return SiteAccess.ReadWrite;
            case NameEqualsSyntax { Parent: AttributeArgumentSyntax or AnonymousObjectMemberDeclaratorSyntax }:
                return SiteAccess.Write; // [Attr(Name = "x")] sets the attribute's property; new { Name = x } initializes one
            default:
                return SiteAccess.Read;
        }
    }

    /// <summary>The <c>ref</c> argument the use is passed as, if any (its parameter decides between read_write and read).</summary>
    public static ArgumentSyntax? RefArgument(ExpressionSyntax node) =>
        Outermost(node).Parent is ArgumentSyntax argument && argument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword) ? argument : null;

    /// <summary>True when the name is the callee of an invocation (<c>M()</c>, <c>x.M()</c>, <c>x?.M()</c>); false for a method group.</summary>
    public static bool IsInvoked(SimpleNameSyntax node)
    {
        var expression = Outermost(node);
        return expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression;
    }

    /// <summary>The whole expression a name ends: <c>a.B</c> for <c>B</c>, <c>?.B</c>, parentheses and <c>!</c> included.</summary>
    private static ExpressionSyntax Outermost(ExpressionSyntax node)
    {
        var expression = node;
        while (true)
        {
            switch (expression.Parent)
            {
                case MemberAccessExpressionSyntax access when access.Name == expression:
                    expression = access;
                    continue;
                case MemberBindingExpressionSyntax binding when binding.Name == expression:
                    expression = binding;
                    continue;
                case QualifiedNameSyntax qualified when qualified.Right == expression:
                    expression = qualified;
                    continue;
                case AliasQualifiedNameSyntax alias when alias.Name == expression:
                    expression = alias;
                    continue;
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized;
                    continue;
                case PostfixUnaryExpressionSyntax suppress when suppress.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                    expression = suppress;
                    continue;
                default:
                    return expression;
            }
        }
    }

    /// <summary><c>(a.X, b) = …</c> and <c>foreach ((a.X, b) in …)</c>, nested tuples included.</summary>
    private static bool IsDeconstructionTarget(TupleExpressionSyntax tuple)
    {
        ExpressionSyntax outer = tuple;
        while (outer.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax enclosing })
        {
            outer = enclosing;
        }

        return outer.Parent is AssignmentExpressionSyntax assignment && assignment.Left == outer
            || outer.Parent is ForEachVariableStatementSyntax forEach && forEach.Variable == outer;
    }
}
