using CodeIndex.Query;

namespace CodeIndex.Mcp.Answers;

/// <summary>A symbol in an answer. <see cref="Handle"/> names it to every other tool (unique within the repository).</summary>
public sealed record SymbolView(string Handle, string Name, string QualifiedName, string Kind, string Project, string Assembly, string? File, int? Line, string? Signature, bool External)
{
    public static SymbolView From(SymbolInfo s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Handle, s.Name, s.QualifiedName, s.Kind, s.Project, s.AssemblyName, s.FilePath, s.Line, s.Signature, s.IsExternal);
    }

    /// <summary><c>kind QualifiedName  file:line  handle</c>.</summary>
    public string Line1() => $"{Kind} {QualifiedName}  {(File is null ? "(external)" : $"{File}:{Line}")}  {Handle}";
}

/// <summary>A symbol a graph walk reached: at its minimal depth, over <see cref="Via"/>, with one shortest path of handles from the start.</summary>
public sealed record WalkResultView(SymbolView Symbol, int Depth, string? Via, IReadOnlyList<string> Path)
{
    public static WalkResultView From(QueryResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(SymbolView.From(r.Symbol), r.Depth, r.Via, r.PathHandles ?? r.Path);
    }
}

/// <summary>How to get the rest of a cut answer.</summary>
public sealed record NextPage(string Cursor, string Hint);
