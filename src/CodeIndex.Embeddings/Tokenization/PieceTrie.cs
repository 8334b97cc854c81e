namespace CodeIndex.Embeddings.Tokenization;

/// <summary>A trie over the code points of vocabulary pieces, walked one code point at a time.</summary>
internal sealed class PieceTrie
{
    private readonly List<Dictionary<int, int>?> _children = [null];
    private readonly List<int> _ids = [-1];

    /// <summary>The root node.</summary>
    public const int Root = 0;

    /// <summary>Adds a piece; a later piece with the same text replaces the earlier one (as the original tokenizer does).</summary>
    public void Add(IReadOnlyList<int> codePoints, int id)
    {
        var node = Root;
        foreach (var cp in codePoints)
        {
            var children = _children[node] ??= new Dictionary<int, int>();
            if (!children.TryGetValue(cp, out var child))
            {
                child = _ids.Count;
                children[cp] = child;
                _children.Add(null);
                _ids.Add(-1);
            }

            node = child;
        }

        _ids[node] = id;
    }

    /// <summary>Moves from <paramref name="node"/> along <paramref name="codePoint"/>; false when no piece continues that way.</summary>
    public bool TryStep(int node, int codePoint, out int child)
    {
        var children = _children[node];
        if (children is null)
        {
            child = -1;
            return false;
        }

        return children.TryGetValue(codePoint, out child);
    }

    /// <summary>The id of the piece ending at <paramref name="node"/>, or -1.</summary>
    public int PieceId(int node) => _ids[node];
}
