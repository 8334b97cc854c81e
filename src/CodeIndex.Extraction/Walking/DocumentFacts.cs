using CodeIndex.Core.Model;
using Microsoft.CodeAnalysis;

namespace CodeIndex.Extraction.Walking;

/// <summary>A raw relationship found by the walker: bound source and target symbols (not yet normalized), the relationship type, the site and how it uses the target.</summary>
internal readonly record struct EdgeFact(ISymbol Source, ISymbol Target, string Type, SiteLocation Site, string? Access, bool IsImplicit, bool IsCandidate);

/// <summary>What the walker found in one document: declared symbols in declaration order and raw relationship facts in source order.</summary>
internal sealed class DocumentFacts(string filePath)
{
    public string FilePath { get; } = filePath;

    public List<ISymbol> Declared { get; } = [];

    public List<EdgeFact> Edges { get; } = [];

    /// <summary>Roslyn's content hash of the text walked (hex).</summary>
    public string? ContentHash { get; set; }

    /// <summary>Hash of the document's <see cref="Records.DeclarationShape"/>.</summary>
    public string? ShapeHash { get; set; }

    /// <summary>Ticks spent inside semantic model calls while walking.</summary>
    public long BindingTicks { get; set; }

    /// <summary>Ticks spent walking, including <see cref="BindingTicks"/>.</summary>
    public long TotalTicks { get; set; }
}
