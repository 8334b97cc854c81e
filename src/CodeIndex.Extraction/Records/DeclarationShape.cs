using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeIndex.Extraction.Records;

/// <summary>
/// What a document declares, as other documents can see it: one entry per type header, member signature and file-wide
/// declaration (global usings, assembly attributes), without member bodies, non-constant initializers or trivia.
/// </summary>
/// <remarks>
/// Two texts with the same shape differ only in what no other document binds to (bodies, comments, layout, member order,
/// file-local usings), so re-extracting the edited document alone keeps the index exact. When shapes differ,
/// <see cref="Compare"/> says which names changed, or that the change is <em>wide</em>: it can change how code binds without
/// spelling any of those names (operators, conversions, constructors reached by target-typed <c>new()</c>, indexers, extension
/// methods, the members the compiler calls implicitly, base lists, attributes, positional parameters, global usings).
/// </remarks>
public sealed class DeclarationShape
{
    /// <summary>Members the compiler binds by name without the name being written (foreach, await, using, deconstruction,
    /// collection initializers and expressions, LINQ query clauses, interpolated string handlers, ranges and list patterns).</summary>
    public static readonly IReadOnlySet<string> ImplicitlyCalledNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "GetEnumerator", "GetAsyncEnumerator", "MoveNext", "MoveNextAsync", "Current", "Dispose", "DisposeAsync",
        "GetAwaiter", "GetResult", "IsCompleted", "OnCompleted", "UnsafeOnCompleted", "Deconstruct", "Add", "Create",
        "Select", "SelectMany", "Where", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "GroupBy", "Join",
        "GroupJoin", "Cast", "AppendLiteral", "AppendFormatted", "Slice", "Length", "Count", "GetPinnableReference", "Invoke",
    };

    private readonly HashSet<Entry> _entries;

    private DeclarationShape(HashSet<Entry> entries, string hash)
    {
        _entries = entries;
        Hash = hash;
    }

    /// <summary>SHA-256 (hex) of the sorted entries: equal for two texts that declare the same things.</summary>
    public string Hash { get; }

    /// <summary>The shape of a document's syntax tree.</summary>
    public static DeclarationShape Compute(SyntaxNode root, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        var entries = new HashSet<Entry>();
        if (root is CompilationUnitSyntax unit)
        {
            foreach (var use in unit.Usings.Where(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword)))
            {
                entries.Add(new Entry(string.Empty, string.Empty, Tokens(use), "global using"));
            }

            foreach (var attributes in unit.AttributeLists)
            {
                entries.Add(new Entry(string.Empty, string.Empty, Tokens(attributes), "assembly attribute"));
            }

            AddMembers(unit.Members, string.Empty, entries, cancellationToken);
        }

        var lines = entries.Select(e => $"{e.Container}\u001f{e.Name}\u001f{e.Text}\u001f{e.WideReason}").Order(StringComparer.Ordinal);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
        return new DeclarationShape(entries, hash);
    }

    /// <summary>What changed between two shapes of a document (null = the document did not exist).</summary>
    public static ShapeChange Compare(DeclarationShape? before, DeclarationShape? after)
    {
        var old = before?._entries ?? [];
        var current = after?._entries ?? [];
        var names = new HashSet<string>(StringComparer.Ordinal);
        string? wide = null;
        foreach (var entry in old.Except(current).Concat(current.Except(old)))
        {
            wide ??= entry.WideReason;
            if (entry.Name.Length > 0)
            {
                names.Add(entry.Name);
                if (entry.Name.Length > "Attribute".Length && entry.Name.EndsWith("Attribute", StringComparison.Ordinal))
                {
                    names.Add(entry.Name[..^"Attribute".Length]); // [Foo] binds FooAttribute
                }
            }
        }

        return new ShapeChange(names.Count == 0 && wide is null, wide, names);
    }

    private static void AddMembers(SyntaxList<MemberDeclarationSyntax> members, string container, HashSet<Entry> entries, CancellationToken cancellationToken)
    {
        foreach (var member in members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            AddMember(member, container, entries, cancellationToken);
        }
    }

    private static void AddMember(MemberDeclarationSyntax member, string container, HashSet<Entry> entries, CancellationToken cancellationToken)
    {
        switch (member)
        {
            case BaseNamespaceDeclarationSyntax ns:
                foreach (var use in ns.Usings.Where(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword)))
                {
                    entries.Add(new Entry(container, string.Empty, Tokens(use), "global using"));
                }

                AddMembers(ns.Members, Join(container, ns.Name.ToString()), entries, cancellationToken);
                break;

            case TypeDeclarationSyntax type:
            {
                var header = Tokens(type, n => n is MemberDeclarationSyntax && n.Parent == type);
                string? wide = type.BaseList is not null ? "base list"
                    : type.AttributeLists.Count > 0 ? "type attribute"
                    : type.ParameterList is not null ? "positional or primary constructor parameters"
                    : type.ConstraintClauses.Count > 0 ? "type constraints"
                    : null;
                entries.Add(new Entry(container, type.Identifier.ValueText, header, wide));
                AddMembers(type.Members, Join(container, type.Identifier.ValueText + Arity(type.TypeParameterList)), entries, cancellationToken);
                break;
            }

            case EnumDeclarationSyntax enumeration:
            {
                var header = Tokens(enumeration, n => n is EnumMemberDeclarationSyntax);
                entries.Add(new Entry(container, enumeration.Identifier.ValueText, header,
                    enumeration.BaseList is not null || enumeration.AttributeLists.Count > 0 ? "enum base or attribute" : null));
                var inner = Join(container, enumeration.Identifier.ValueText);
                foreach (var value in enumeration.Members)
                {
                    entries.Add(new Entry(inner, value.Identifier.ValueText, Tokens(value), null));
                }

                break;
            }

            case DelegateDeclarationSyntax @delegate:
                entries.Add(new Entry(container, @delegate.Identifier.ValueText, Tokens(@delegate), "delegate (invoked without its name)"));
                break;

            case MethodDeclarationSyntax method:
            {
                var name = method.Identifier.ValueText;
                string? wide = method.ParameterList.Parameters.FirstOrDefault()?.Modifiers.Any(SyntaxKind.ThisKeyword) == true ? "extension method"
                    : ImplicitlyCalledNames.Contains(name) ? $"implicitly called member {name}"
                    : null;
                entries.Add(new Entry(container, name, Tokens(method, IsBody), wide));
                break;
            }

            case PropertyDeclarationSyntax property:
            {
                var name = property.Identifier.ValueText;
                entries.Add(new Entry(container, name, Tokens(property, IsBody),
                    ImplicitlyCalledNames.Contains(name) ? $"implicitly called member {name}" : null));
                break;
            }

            case EventDeclarationSyntax @event:
                entries.Add(new Entry(container, @event.Identifier.ValueText, Tokens(@event, IsBody), null));
                break;

            case BaseFieldDeclarationSyntax field:
            {
                var isConst = field.Modifiers.Any(SyntaxKind.ConstKeyword);
                var head = Tokens(field, n => n is VariableDeclaratorSyntax);
                foreach (var variable in field.Declaration.Variables)
                {
                    var text = head + " " + (isConst ? Tokens(variable) : variable.Identifier.Text);
                    entries.Add(new Entry(container, variable.Identifier.ValueText, text, null));
                }

                break;
            }

            case GlobalStatementSyntax:
                break; // top-level statements are a body: nothing in them is visible to other documents

            case IncompleteMemberSyntax:
                entries.Add(new Entry(container, string.Empty, Tokens(member), null));
                break;

            default:
                // Constructors (target-typed new), destructors, operators, conversions, indexers, extension blocks and any
                // member kind a later C# adds: bound without spelling a name, so the change is wide.
                entries.Add(new Entry(container, string.Empty, Tokens(member, IsBody), member.Kind().ToString()));
                break;
        }
    }

    private static bool IsBody(SyntaxNode node) =>
        node is BlockSyntax or ArrowExpressionClauseSyntax
        || (node is EqualsValueClauseSyntax && node.Parent is PropertyDeclarationSyntax);

    private static string Arity(TypeParameterListSyntax? list) => list is null ? string.Empty : "`" + list.Parameters.Count;

    private static string Join(string container, string name) => container.Length == 0 ? name : container + "." + name;

    private static string Tokens(SyntaxNode node, Func<SyntaxNode, bool>? skip = null)
    {
        var builder = new StringBuilder();
        // A node the predicate refuses is not descended into, so none of its tokens are visited.
        foreach (var token in node.DescendantTokens(n => n == node || skip is null || !skip(n)))
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(token.Text);
        }

        return builder.ToString();
    }

    private readonly record struct Entry(string Container, string Name, string Text, string? WideReason);
}

/// <summary>The difference between two declaration shapes of one document.</summary>
/// <param name="None">Nothing other documents can see changed.</param>
/// <param name="WideReason">Why the change can rebind code that spells none of <paramref name="Names"/>; null when it cannot.</param>
/// <param name="Names">Simple names of the declarations added, removed or changed.</param>
public sealed record ShapeChange(bool None, string? WideReason, IReadOnlySet<string> Names);
