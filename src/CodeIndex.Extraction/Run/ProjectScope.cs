using CodeIndex.Core.Model;
using Microsoft.CodeAnalysis;

namespace CodeIndex.Extraction.Run;

/// <summary>Per-project state of a run: the compilation and a cache from bound symbol to identity (compared with <see cref="SymbolEqualityComparer.Default"/>).</summary>
internal sealed class ProjectScope(Compilation compilation, string projectName, IReadOnlySet<string> laterAssemblies)
{
    public Compilation Compilation { get; } = compilation;

    public string ProjectName { get; } = projectName;

    /// <summary>Assembly names of targets not yet processed: their source symbols are emitted when they are reached.</summary>
    public IReadOnlySet<string> LaterAssemblies { get; } = laterAssemblies;

    public Dictionary<ISymbol, ResolvedSymbol?> Cache { get; } = new(SymbolEqualityComparer.Default);

    public int Documents { get; set; }

    public int Symbols { get; set; }

    public int Relationships { get; set; }
}

/// <summary>A normalized symbol and its identity.</summary>
internal sealed record ResolvedSymbol(ISymbol Symbol, SymbolRef Ref);
