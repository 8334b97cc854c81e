namespace CodeIndex.Query;

/// <summary>Which way <see cref="RelationshipQuery.HierarchyAsync"/> walks the type hierarchy.</summary>
public enum HierarchyDirection
{
    /// <summary>Base types and implemented interfaces.</summary>
    Up,

    /// <summary>Derived types and implementors.</summary>
    Down,

    /// <summary>Both of the above (never siblings).</summary>
    Both,
}
