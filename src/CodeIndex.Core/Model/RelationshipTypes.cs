namespace CodeIndex.Core.Model;

/// <summary>The relationship names stored in <c>symbol_relationships.relationship_type</c> (public contract: lowercase, exactly these).</summary>
public static class RelationshipTypes
{
    public const string Calls = "calls";
    public const string Extends = "extends";
    public const string Implements = "implements";
    public const string Overrides = "overrides";
    public const string References = "references";
    public const string Imports = "imports";
    public const string Contains = "contains";

    /// <summary>A member → a field, constant, enum member or event it reads, writes or subscribes to; a method it names without calling
    /// (method group, <c>nameof</c>, a <c>cref</c>). Property and indexer accesses stay <see cref="Calls"/> (their sites carry the access).</summary>
    public const string Uses = "uses";

    public static readonly IReadOnlyList<string> All = [Calls, Extends, Implements, Overrides, References, Imports, Contains, Uses];
}
