namespace CodeIndex.Core.Model;

/// <summary>The values stored in <c>relationship_sites.access</c> (public contract): how one site uses its target.</summary>
public static class SiteAccess
{
    /// <summary>A method, constructor, operator or accessor is invoked (explicitly or, with <c>is_implicit</c>, by the compiler).</summary>
    public const string Invoke = "invoke";

    /// <summary>A field, property, indexer, constant or enum member is read (also an event raised or passed on).</summary>
    public const string Read = "read";

    /// <summary>A field, property or indexer is assigned (also as an <c>out</c> argument, a deconstruction target, an initializer member).</summary>
    public const string Write = "write";

    /// <summary>Read and written in one operation: <c>x++</c>, <c>x += 1</c>, <c>x ??= y</c>, <c>ref x</c>.</summary>
    public const string ReadWrite = "read_write";

    /// <summary><c>e += handler</c> on an event.</summary>
    public const string Subscribe = "subscribe";

    /// <summary><c>e -= handler</c> on an event.</summary>
    public const string Unsubscribe = "unsubscribe";

    /// <summary>Named in <c>nameof(…)</c>.</summary>
    public const string NameOf = "nameof";

    /// <summary>A method converted to a delegate or function pointer without being called (<c>list.ForEach(Print)</c>, <c>&amp;M</c>).</summary>
    public const string MethodGroup = "method_group";

    /// <summary>A <c>cref</c> in an XML documentation comment.</summary>
    public const string Doc = "doc";

    /// <summary>A type named in code (declarations, generic arguments, casts, <c>typeof</c>, attributes, base lists).</summary>
    public const string Reference = "reference";

    public static readonly IReadOnlyList<string> All = [Invoke, Read, Write, ReadWrite, Subscribe, Unsubscribe, NameOf, MethodGroup, Doc, Reference];

    public static bool IsKnown(string access) => All.Contains(access, StringComparer.Ordinal);
}
