using CodeIndex.Core.Model;
using CodeIndex.Extraction.Identity;
using CodeIndex.Extraction.Records;
using CodeIndex.Extraction.Walking;
using Microsoft.CodeAnalysis;

namespace CodeIndex.Extraction.Run;

/// <summary>
/// State of one extraction run: turns walker facts into batches and guarantees every edge endpoint is emitted
/// as a <see cref="SymbolRecord"/> exactly once (deduplicated by <see cref="SymbolRef"/>).
/// </summary>
internal sealed class ExtractionRun(RepositoryPaths paths, IReadOnlySet<string> runDocumentPaths, IReadOnlyDictionary<string, string> projectsByAssembly, CancellationToken cancellationToken)
{
    private readonly SymbolRecordFactory _factory = new(paths);
    private readonly HashSet<SymbolRef> _emitted = [];
    private readonly Dictionary<SymbolRef, PendingSymbol> _pending = [];
    private readonly List<SymbolRef> _pendingOrder = [];

    /// <summary>The batch of one document: symbols whose first declaration is in it (or first seen here), and all its relationships.</summary>
    public ExtractionBatch MergeDocument(DocumentFacts facts, ProjectScope scope)
    {
        var symbols = new List<SymbolRecord>();
        foreach (var declared in facts.Declared)
        {
            var resolved = Resolve(declared, scope);
            if (resolved is null || _emitted.Contains(resolved.Ref))
            {
                continue;
            }

            var primary = _factory.PrimaryPath(resolved.Symbol, cancellationToken);
            if (primary is not null && primary != facts.FilePath && runDocumentPaths.Contains(primary))
            {
                Reference(resolved, scope); // its own document emits it; the sweep catches it if that document fails
                continue;
            }

            Emit(_factory.Create(resolved.Symbol, resolved.Ref, ProjectOf(resolved, scope.ProjectName), cancellationToken), symbols);
        }

        var relationships = new List<RelationshipRecord>(facts.Edges.Count);
        foreach (var edge in facts.Edges)
        {
            var source = Resolve(edge.Source, scope);
            var target = Resolve(edge.Target, scope);
            if (source is null || target is null)
            {
                continue; // self-edges are kept: recursion, a property's accessor using `field`, a type naming itself
            }

            relationships.Add(new RelationshipRecord(source.Ref, target.Ref, edge.Type, edge.Site, edge.Access, edge.IsImplicit, edge.IsCandidate));
            Reference(source, scope);
            Reference(target, scope);
        }

        scope.Symbols += symbols.Count;
        scope.Relationships += relationships.Count;
        var file = facts.ContentHash is null || facts.ShapeHash is null ? null : new IndexedFile(facts.FilePath, scope.ProjectName, facts.ContentHash, facts.ShapeHash);
        return new ExtractionBatch(facts.FilePath, symbols, relationships, file);
    }

    /// <summary>After a project: emits referenced symbols not declared in any processed document (externals, implicit members), except those a later target declares.</summary>
    public ExtractionBatch? FinishProject(ProjectScope scope)
    {
        var symbols = new List<SymbolRecord>();
        foreach (var id in _pendingOrder)
        {
            if (!_pending.TryGetValue(id, out var pending))
            {
                continue;
            }

            if (pending.Record is null)
            {
                var symbol = pending.Symbol!;
                var isSource = !symbol.DeclaringSyntaxReferences.IsEmpty || symbol.Locations.Any(l => l.IsInSource);
                pending.Record = _factory.Create(symbol, id, isSource ? ProjectOf(id, pending.FirstProject) : pending.FirstProject, cancellationToken);
                pending.Symbol = null; // do not keep compilations alive
            }

            if (pending.Record.IsExternal || !scope.LaterAssemblies.Contains(id.AssemblyName))
            {
                Emit(pending.Record, symbols);
            }
        }

        _pendingOrder.RemoveAll(id => !_pending.ContainsKey(id));
        scope.Symbols += symbols.Count;
        return symbols.Count == 0 ? null : new ExtractionBatch(null, symbols, []);
    }

    /// <summary>
    /// Emits the records of symbols a document-scoped run must rewrite although no extracted document declares or references
    /// them: those the index holds with a location in the scope (a compiler-implicit constructor whose type gained or lost a
    /// partial declaration). Symbols that no longer exist are not emitted: the scoped merge deletes them.
    /// </summary>
    public ExtractionBatch? EmitStored(IEnumerable<(ISymbol Symbol, SymbolRef Ref, string Project)> stored)
    {
        var symbols = new List<SymbolRecord>();
        foreach (var (symbol, id, project) in stored)
        {
            if (!_emitted.Contains(id))
            {
                Emit(_factory.Create(symbol, id, projectsByAssembly.TryGetValue(id.AssemblyName, out var owner) ? owner : project, cancellationToken), symbols);
            }
        }

        return symbols.Count == 0 ? null : new ExtractionBatch(null, symbols, []);
    }

    /// <summary>After all projects: emits what later targets were expected to declare but did not.</summary>
    public ExtractionBatch? FinishRun()
    {
        var symbols = new List<SymbolRecord>();
        foreach (var id in _pendingOrder)
        {
            if (_pending.TryGetValue(id, out var pending) && pending.Record is not null)
            {
                Emit(pending.Record, symbols);
            }
        }

        _pendingOrder.Clear();
        return symbols.Count == 0 ? null : new ExtractionBatch(null, symbols, []);
    }

    private ResolvedSymbol? Resolve(ISymbol raw, ProjectScope scope)
    {
        if (scope.Cache.TryGetValue(raw, out var cached))
        {
            return cached;
        }

        ResolvedSymbol? resolved = null;
        var normalized = SymbolIdentity.Normalize(raw);
        if (normalized is not null && SymbolClassifier.Kind(normalized) is not null && SymbolIdentity.RefOf(normalized, scope.Compilation) is { } id)
        {
            resolved = new ResolvedSymbol(normalized, id);
        }

        scope.Cache[raw] = resolved;
        return resolved;
    }

    private void Reference(ResolvedSymbol resolved, ProjectScope scope)
    {
        if (!_emitted.Contains(resolved.Ref) && !_pending.ContainsKey(resolved.Ref))
        {
            _pending[resolved.Ref] = new PendingSymbol(resolved.Symbol, scope.ProjectName);
            _pendingOrder.Add(resolved.Ref);
        }
    }

    private void Emit(SymbolRecord record, List<SymbolRecord> batch)
    {
        if (_emitted.Add(record.Ref))
        {
            _pending.Remove(record.Ref);
            batch.Add(record);
        }
    }

    private string ProjectOf(ResolvedSymbol resolved, string fallback) => ProjectOf(resolved.Ref, fallback);

    private string ProjectOf(SymbolRef id, string fallback) => projectsByAssembly.TryGetValue(id.AssemblyName, out var project) ? project : fallback;

    /// <summary>A referenced symbol not yet emitted; holds the symbol only until its project ends.</summary>
    private sealed class PendingSymbol(ISymbol symbol, string firstProject)
    {
        public ISymbol? Symbol { get; set; } = symbol;

        public string FirstProject { get; } = firstProject;

        public SymbolRecord? Record { get; set; }
    }
}
