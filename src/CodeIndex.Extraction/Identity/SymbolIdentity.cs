using CodeIndex.Core.Model;
using Microsoft.CodeAnalysis;

namespace CodeIndex.Extraction.Identity;

/// <summary>Maps a bound Roslyn symbol to the definition we index and its <see cref="SymbolRef"/> (documentation comment ID of the original definition).</summary>
internal static class SymbolIdentity
{
    /// <summary>The indexed definition for a bound symbol, or null for kinds we do not index (locals, parameters, lambdas, built-in operators, …).</summary>
    public static ISymbol? Normalize(ISymbol? symbol)
    {
        switch (symbol)
        {
            case IAliasSymbol alias:
                return Normalize(alias.Target);
            case IMethodSymbol method:
                return NormalizeMethod(method);
            case IPropertySymbol property:
                return property.OriginalDefinition;
            case IEventSymbol evt:
                return evt.OriginalDefinition;
            case IFieldSymbol field:
                return field.ContainingType is { IsTupleType: true } ? null : field.OriginalDefinition;
            case INamedTypeSymbol type:
                if (type.TypeKind == TypeKind.Error || type.IsAnonymousType || type.IsImplicitClass || type.IsScriptClass)
                {
                    return null;
                }

                return type.OriginalDefinition;
            case INamespaceSymbol ns:
                return ns.IsGlobalNamespace ? null : ns;
            default:
                return null;
        }
    }

    /// <summary>The identity of a normalized symbol, or null when it has no documentation comment ID or no assembly.</summary>
    public static SymbolRef? RefOf(ISymbol normalized, Compilation compilation)
    {
        var key = normalized.GetDocumentationCommentId();
        if (key is null)
        {
            return null;
        }

        var assembly = normalized is INamespaceSymbol ns ? NamespaceAssembly(ns, compilation) : normalized.ContainingAssembly?.Name;
        return assembly is null ? null : new SymbolRef(assembly, key);
    }

    /// <summary>
    /// Namespaces span assemblies. A namespace belongs to the current assembly if declared there; otherwise to the core
    /// library if it has types there; otherwise to the constituent assembly with the most types (ties: ordinal name).
    /// </summary>
    private static string? NamespaceAssembly(INamespaceSymbol ns, Compilation compilation)
    {
        if (ns.NamespaceKind != NamespaceKind.Compilation)
        {
            return ns.ContainingAssembly?.Name;
        }

        var coreLibrary = compilation.ObjectType.ContainingAssembly;
        string? best = null;
        var bestTypes = -1;
        foreach (var constituent in ns.ConstituentNamespaces)
        {
            var assembly = constituent.ContainingAssembly;
            if (assembly is null)
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(assembly, compilation.Assembly))
            {
                return assembly.Name;
            }

            var types = constituent.GetTypeMembers().Length;
            if (types > 0 && SymbolEqualityComparer.Default.Equals(assembly, coreLibrary))
            {
                return assembly.Name;
            }

            if (types > bestTypes || types == bestTypes && string.CompareOrdinal(assembly.Name, best) < 0)
            {
                best = assembly.Name;
                bestTypes = types;
            }
        }

        return best;
    }

    /// <summary>
    /// C# 14 extension blocks: the compiler lowers each member of <c>extension(T x) { … }</c> to a static implementation method
    /// in the enclosing static class. A call written against the implementation binds to it; this finds the member as declared
    /// (its <see cref="IMethodSymbol.AssociatedExtensionImplementation"/> is the implementation), so both spellings of a call
    /// reach one symbol. Null for every other method.
    /// </summary>
    private static ISymbol? ExtensionMemberOf(IMethodSymbol implementation)
    {
        if (implementation.ContainingType is not { IsStatic: true } container || !implementation.IsStatic)
        {
            return null;
        }

        var definition = implementation.OriginalDefinition;
        foreach (var block in container.GetTypeMembers())
        {
            if (!block.IsExtension)
            {
                continue;
            }

            foreach (var member in block.GetMembers())
            {
                IMethodSymbol?[] methods = member switch
                {
                    IMethodSymbol m => [m],
                    IPropertySymbol p => [p.GetMethod, p.SetMethod],
                    _ => [],
                };
                foreach (var candidate in methods)
                {
                    if (candidate?.AssociatedExtensionImplementation is { } lowered && SymbolEqualityComparer.Default.Equals(lowered.OriginalDefinition, definition))
                    {
                        return member;
                    }
                }
            }
        }

        return null;
    }

    private static ISymbol? NormalizeMethod(IMethodSymbol method)
    {
        if (method.ReducedFrom is { } reducedFrom)
        {
            method = reducedFrom;
        }

        if (method.IsImplicitlyDeclared && ExtensionMemberOf(method) is { } declared)
        {
            return Normalize(declared); // `StringExt.Twice(s)` calls the lowered implementation: index it as the member declared
        }

        switch (method.MethodKind)
        {
            case MethodKind.PropertyGet:
            case MethodKind.PropertySet:
            case MethodKind.EventAdd:
            case MethodKind.EventRemove:
            case MethodKind.EventRaise:
                return Normalize(method.AssociatedSymbol); // accessors belong to their property/event
            case MethodKind.Ordinary:
            case MethodKind.Constructor:
            case MethodKind.StaticConstructor:
            case MethodKind.Destructor:
            case MethodKind.UserDefinedOperator:
            case MethodKind.Conversion:
            case MethodKind.ExplicitInterfaceImplementation:
                method = method.PartialDefinitionPart ?? method;
                return method.OriginalDefinition;
            case MethodKind.DelegateInvoke:
                return method.OriginalDefinition; // `handler(x)` and `handler.Invoke(x)` call the delegate type's Invoke
            default:
                return null; // local functions, lambdas, built-in operators, function pointers
        }
    }
}
