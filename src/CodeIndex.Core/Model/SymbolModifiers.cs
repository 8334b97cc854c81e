namespace CodeIndex.Core.Model;

/// <summary>Declaration modifiers stored as boolean columns (<c>is_static</c>, <c>is_abstract</c>, …) on <c>code_symbols</c>.</summary>
[Flags]
public enum SymbolModifiers
{
    None = 0,
    Static = 1 << 0,
    Abstract = 1 << 1,
    Virtual = 1 << 2,
    Override = 1 << 3,
    Sealed = 1 << 4,
    Async = 1 << 5,
    ReadOnly = 1 << 6,
    Const = 1 << 7,
    Partial = 1 << 8,
    Extern = 1 << 9,
    Generic = 1 << 10,

    /// <summary>Declared by the compiler, not in source (a default constructor, record members): stored as <c>is_implicit</c>.</summary>
    Implicit = 1 << 11,
}
