namespace CodeIndex.Core.Model;

/// <summary>The values stored in <c>code_symbols.kind</c> (public contract).</summary>
public static class SymbolKinds
{
    public const string Namespace = "namespace";
    public const string Class = "class";
    public const string Struct = "struct";
    public const string Record = "record";
    public const string RecordStruct = "record_struct";
    public const string Interface = "interface";
    public const string Enum = "enum";
    public const string Delegate = "delegate";
    public const string Method = "method";
    public const string Constructor = "constructor";
    public const string Operator = "operator";
    public const string Property = "property";
    public const string Indexer = "indexer";
    public const string Field = "field";
    public const string Event = "event";
    public const string EnumMember = "enum_member";

    public static readonly IReadOnlyList<string> All =
        [Namespace, Class, Struct, Record, RecordStruct, Interface, Enum, Delegate, Method, Constructor, Operator, Property, Indexer, Field, Event, EnumMember];

    /// <summary>Kinds that are types (used by hierarchy queries and search boosts).</summary>
    public static bool IsType(string kind) => kind is Class or Struct or Record or RecordStruct or Interface or Enum or Delegate;
}
