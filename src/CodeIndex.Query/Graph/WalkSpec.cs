using CodeIndex.Core.Model;

namespace CodeIndex.Query;

/// <summary>Which edges one BFS step follows: <see cref="Backward"/> types from target to source, <see cref="Forward"/> types from source to target.</summary>
internal sealed record WalkSpec(IReadOnlyList<string> Backward, IReadOnlyList<string> Forward)
{
    private static readonly string[] None = [];
    private static readonly string[] Calls = [RelationshipTypes.Calls];
    private static readonly string[] DispatchEdges = [RelationshipTypes.Implements, RelationshipTypes.Overrides];
    private static readonly string[] TypeEdges = [RelationshipTypes.Extends, RelationshipTypes.Implements];

    /// <summary>Callers: sources of <c>calls</c>; with dispatch also up to the interface/base member the node implements/overrides.</summary>
    public static WalkSpec Callers(bool dispatch) => new(Calls, dispatch ? DispatchEdges : None);

    /// <summary>Callees: targets of <c>calls</c>; with dispatch also down to the implementations/overrides of the node.</summary>
    public static WalkSpec Callees(bool dispatch) => new(dispatch ? DispatchEdges : None, Calls);

    /// <summary>Base types and interfaces.</summary>
    public static WalkSpec Up { get; } = new(None, TypeEdges);

    /// <summary>Derived types and implementors.</summary>
    public static WalkSpec Down { get; } = new(TypeEdges, None);

    /// <summary>Dependents: sources of every edge kind except <c>contains</c>.</summary>
    public static WalkSpec Impact { get; } = new(RelationshipTypes.All.Where(t => t != RelationshipTypes.Contains).ToArray(), None);
}
