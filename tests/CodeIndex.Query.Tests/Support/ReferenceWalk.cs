using CodeIndex.Testing;
namespace CodeIndex.Query.Tests.Support;

/// <summary>An in-memory BFS over a <see cref="GeneratedGraph"/>: the expected minimal depths the SQL walk must reproduce.</summary>
internal sealed class ReferenceWalk
{
    private readonly Dictionary<int, List<(int Next, string Type)>> _next = [];

    public ReferenceWalk(GeneratedGraph graph, WalkSpec spec)
    {
        foreach (var (source, target, type) in graph.Edges)
        {
            if (spec.Backward.Contains(type))
            {
                Add(target, source, type);
            }

            if (spec.Forward.Contains(type))
            {
                Add(source, target, type);
            }
        }
    }

    /// <summary>Minimal depth (1..maxDepth) of every node reachable from <paramref name="start"/>; the start itself only when it reaches itself (its shortest cycle).</summary>
    public Dictionary<int, int> Depths(int start, int maxDepth)
    {
        var depth = new Dictionary<int, int>();
        var frontier = new List<int> { start };
        for (var d = 1; d <= maxDepth && frontier.Count > 0; d++)
        {
            var next = new List<int>();
            foreach (var node in frontier)
            {
                foreach (var (n, _) in Neighbours(node))
                {
                    if (depth.TryAdd(n, d))
                    {
                        next.Add(n);
                    }
                }
            }

            frontier = next;
        }

        return depth;
    }

    /// <summary>Whether one step of the walk leads from <paramref name="from"/> to <paramref name="to"/> along an edge of <paramref name="type"/>.</summary>
    public bool HasStep(int from, int to, string? type) => Neighbours(from).Any(s => s.Next == to && s.Type == type);

    private IEnumerable<(int Next, string Type)> Neighbours(int node) => _next.TryGetValue(node, out var list) ? list : [];

    private void Add(int from, int to, string type)
    {
        if (!_next.TryGetValue(from, out var list))
        {
            _next[from] = list = [];
        }

        list.Add((to, type));
    }
}
