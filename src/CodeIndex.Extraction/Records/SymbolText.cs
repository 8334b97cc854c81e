using Microsoft.CodeAnalysis;

namespace CodeIndex.Extraction.Records;

/// <summary>Name, qualified name and signature text of a normalized symbol (special cases on top of <see cref="SymbolFormats"/>).</summary>
internal static class SymbolText
{
    public static string Name(ISymbol symbol) => symbol switch
    {
        IPropertySymbol { IsIndexer: true } => "this[]",
        IMethodSymbol { IsImplicitlyDeclared: true } or INamedTypeSymbol { IsImplicitlyDeclared: true } when symbol.Name.StartsWith('<') => symbol.Name,
        _ => symbol.ToDisplayString(SymbolFormats.Name),
    };

    public static string QualifiedName(ISymbol symbol)
    {
        if (symbol is INamespaceSymbol or INamedTypeSymbol || symbol.ContainingType is null)
        {
            return symbol.ToDisplayString(SymbolFormats.Qualified);
        }

        // Members: containing type's qualified name + short name (keeps `this[]` and `<Main>$` readable). Members of a C# 14
        // extension block are named after the static class that declares the block: `Ns.StringExtensions.IsBlank`.
        return Owner(symbol).ToDisplayString(SymbolFormats.Qualified) + "." + Name(symbol);
    }

    /// <summary>The type a member is listed under: its containing type, or for extension-block members the enclosing static class.</summary>
    public static INamedTypeSymbol Owner(ISymbol member) =>
        member.ContainingType is { IsExtension: true, ContainingType: { } enclosing } ? enclosing : member.ContainingType;

    /// <summary><c>extension(string s)</c> for a member of an extension block, else null.</summary>
    private static string? ExtensionPrefix(ISymbol symbol) =>
        symbol.ContainingType is { IsExtension: true, ExtensionParameter: { } receiver }
            ? $"extension({receiver.ToDisplayString(SymbolFormats.Signature)}) "
            : null;

    public static string Signature(ISymbol symbol, string visibility)
    {
        switch (symbol)
        {
            case INamespaceSymbol:
                return "namespace " + symbol.ToDisplayString(SymbolFormats.Qualified);
            case INamedTypeSymbol { TypeKind: not TypeKind.Delegate } type:
                return visibility + " " + TypeModifiers(type) + type.ToDisplayString(SymbolFormats.TypeSignature);
            case IMethodSymbol method when method.Name.StartsWith('<'):
                // Synthesized entry point of top-level statements: Roslyn displays it as a placeholder.
                var parameters = string.Join(", ", method.Parameters.Select(p => p.ToDisplayString(SymbolFormats.Signature)));
                return $"{visibility} static {method.ReturnType.ToDisplayString(SymbolFormats.Signature)} {method.Name}({parameters})";
            case INamedTypeSymbol:
                return visibility + " " + symbol.ToDisplayString(SymbolFormats.Signature);
            default:
                var text = ExtensionPrefix(symbol) + symbol.ToDisplayString(SymbolFormats.Signature);
                return symbol.ContainingType?.TypeKind == TypeKind.Interface && !text.StartsWith(visibility, StringComparison.Ordinal)
                    ? visibility + " " + text
                    : text;
        }
    }

    private static string TypeModifiers(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class)
        {
            return string.Empty;
        }

        return type.IsStatic ? "static " : type.IsAbstract ? "abstract " : type.IsSealed ? "sealed " : string.Empty;
    }
}
