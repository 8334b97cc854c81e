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

    public static readonly IReadOnlyList<string> All = [Calls, Extends, Implements, Overrides, References, Imports, Contains];
}
