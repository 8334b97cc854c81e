namespace CodeIndex.Changes;

/// <summary>One C# declaration of a file as syntax sees it (no semantic model): what a change is compared on.</summary>
/// <param name="Key">Its identity within the file's declarations: containing namespaces and types, the name and, for members
/// with parameters, the parameter types as written (<c>Ns.Type.Method(int, string)</c>). Equal keys in base and head are one declaration.</param>
/// <param name="Name">The identifier (<c>.ctor</c>, <c>this[]</c>, <c>operator +</c>, … for members without one), as <c>code_symbols.name</c> has it where possible.</param>
/// <param name="Kind">type, method, constructor, property, indexer, field, event, operator, enum_member, delegate.</param>
/// <param name="Line">1-based line of the identifier.</param>
/// <param name="StartLine">First line of the declaration (attributes included, leading comments not).</param>
/// <param name="EndLine">Last line of the declaration; for a type, of its header (up to the opening brace).</param>
/// <param name="Normalized">Its tokens without trivia, joined by single spaces: equal when only comments or whitespace differ. For a type, the header only (attributes, modifiers, name, type parameters, base list, constraints), since its members are declarations of their own.</param>
public sealed record Declaration(string Key, string Name, string Kind, int Line, int StartLine, int EndLine, string Normalized);
