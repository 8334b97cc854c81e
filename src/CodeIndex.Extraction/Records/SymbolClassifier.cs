using CodeIndex.Core.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeIndex.Extraction.Records;

/// <summary>Kind, visibility and modifier flags of a normalized symbol.</summary>
internal static class SymbolClassifier
{
    public static string? Kind(ISymbol symbol) => symbol switch
    {
        INamespaceSymbol => SymbolKinds.Namespace,
        INamedTypeSymbol { TypeKind: TypeKind.Class, IsRecord: true } => SymbolKinds.Record,
        INamedTypeSymbol { TypeKind: TypeKind.Class } => SymbolKinds.Class,
        INamedTypeSymbol { TypeKind: TypeKind.Struct, IsRecord: true } => SymbolKinds.RecordStruct,
        INamedTypeSymbol { TypeKind: TypeKind.Struct } => SymbolKinds.Struct,
        INamedTypeSymbol { TypeKind: TypeKind.Interface } => SymbolKinds.Interface,
        INamedTypeSymbol { TypeKind: TypeKind.Enum } => SymbolKinds.Enum,
        INamedTypeSymbol { TypeKind: TypeKind.Delegate } => SymbolKinds.Delegate,
        IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } => SymbolKinds.Constructor,
        IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator or MethodKind.Conversion } => SymbolKinds.Operator,
        IMethodSymbol => SymbolKinds.Method,
        IPropertySymbol { IsIndexer: true } => SymbolKinds.Indexer,
        IPropertySymbol => SymbolKinds.Property,
        IFieldSymbol { ContainingType.TypeKind: TypeKind.Enum } => SymbolKinds.EnumMember,
        IFieldSymbol => SymbolKinds.Field,
        IEventSymbol => SymbolKinds.Event,
        _ => null,
    };

    public static string Visibility(ISymbol symbol) => symbol.DeclaredAccessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.Private => "private",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "public", // namespaces
    };

    /// <summary>Flags from the symbol, plus <c>partial</c>/<c>readonly</c> as written on any declaration; structs, enums and delegates are not reported as sealed.</summary>
    public static SymbolModifiers Modifiers(ISymbol symbol, IReadOnlyList<SyntaxNode> declarations)
    {
        if (symbol is INamespaceSymbol)
        {
            return SymbolModifiers.None;
        }

        var flags = SymbolModifiers.None;
        if (symbol.IsStatic) flags |= SymbolModifiers.Static;
        if (symbol.IsAbstract) flags |= SymbolModifiers.Abstract;
        if (symbol.IsVirtual) flags |= SymbolModifiers.Virtual;
        if (symbol.IsOverride) flags |= SymbolModifiers.Override;
        if (symbol.IsSealed && symbol is not INamedTypeSymbol { TypeKind: TypeKind.Struct or TypeKind.Enum or TypeKind.Delegate }) flags |= SymbolModifiers.Sealed;
        if (symbol.IsExtern) flags |= SymbolModifiers.Extern;
        switch (symbol)
        {
            case IMethodSymbol method:
                if (method.IsAsync) flags |= SymbolModifiers.Async;
                if (method.IsGenericMethod) flags |= SymbolModifiers.Generic;
                break;
            case INamedTypeSymbol type:
                if (type.IsGenericType) flags |= SymbolModifiers.Generic;
                if (type.IsReadOnly) flags |= SymbolModifiers.ReadOnly;
                break;
            case IFieldSymbol field:
                if (field.IsReadOnly) flags |= SymbolModifiers.ReadOnly;
                if (field.IsConst) flags |= SymbolModifiers.Const;
                break;
        }

        foreach (var declaration in declarations)
        {
            var modifiers = declaration switch
            {
                MemberDeclarationSyntax member => member.Modifiers,
                VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax field } => field.Modifiers,
                _ => default,
            };
            if (modifiers.Any(SyntaxKind.PartialKeyword)) flags |= SymbolModifiers.Partial;
            if (modifiers.Any(SyntaxKind.ReadOnlyKeyword)) flags |= SymbolModifiers.ReadOnly;
        }

        return flags;
    }
}
