using CodeIndex.Core.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeIndex.Extraction.Records;

/// <summary>Builds the <see cref="SymbolRecord"/> of a normalized symbol: names, signature, merged docs, all declaration locations, modifiers, body words, content hash.</summary>
internal sealed class SymbolRecordFactory(RepositoryPaths paths)
{
    public const string Language = "csharp";

    public SymbolRecord Create(ISymbol symbol, SymbolRef id, string project, CancellationToken cancellationToken)
    {
        symbol = NamespaceConstituent(symbol, id.AssemblyName);
        var declarations = Declarations(symbol, cancellationToken);
        var locations = Locations(symbol, declarations, cancellationToken);
        var isExternal = locations.Count == 0;
        var kind = SymbolClassifier.Kind(symbol) ?? throw new InvalidOperationException($"Expected an indexed symbol kind but got {symbol.Kind} for {id.SymbolKey}.");
        var visibility = SymbolClassifier.Visibility(symbol);
        var qualifiedName = SymbolText.QualifiedName(symbol);
        var signature = SymbolText.Signature(symbol, visibility);
        var documentation = isExternal
            ? DocumentationText.FromMetadata(symbol, cancellationToken)
            : DocumentationText.Merge(declarations.Select(d => d.Node is TypeDeclarationSyntax && symbol is IMethodSymbol ? null : DocumentationText.FromSyntax(d.Node)));
        var version = isExternal ? symbol.ContainingAssembly?.Identity.Version.ToString() : null;

        var hashParts = new List<string?> { kind, qualifiedName, signature, documentation };
        if (isExternal)
        {
            hashParts.Add(id.AssemblyName);
            hashParts.Add(version);
        }
        else if (symbol is not INamespaceSymbol)
        {
            foreach (var declaration in declarations)
            {
                hashParts.Add(declaration.Node.ToString());
            }
        }

        var primary = locations.Count > 0 ? locations[0] : (SourceSpan?)null;
        return new SymbolRecord(
            SymbolKey: id.SymbolKey,
            Name: SymbolText.Name(symbol),
            QualifiedName: qualifiedName,
            Kind: kind,
            Project: project,
            FilePath: primary?.FilePath,
            Line: primary?.Line,
            Column: primary?.Column,
            EndLine: primary?.EndLine,
            EndColumn: primary?.EndColumn,
            Signature: signature,
            Documentation: documentation,
            Visibility: visibility,
            Modifiers: SymbolClassifier.Modifiers(symbol, declarations.ConvertAll(d => d.Node)) | (declarations.Count == 0 && !isExternal ? SymbolModifiers.Implicit : SymbolModifiers.None),
            Language: Language,
            IsExternal: isExternal,
            AssemblyName: id.AssemblyName,
            AssemblyVersion: version,
            ContentHash: ContentHash.Compute(hashParts),
            Locations: locations,
            BodyWords: isExternal || symbol is INamespaceOrTypeSymbol ? null : BodyWords.Collect(declarations.Select(d => d.Node)));
    }

    /// <summary>The repository-relative path of the symbol's first declaration (by path, line), or null for metadata symbols.</summary>
    public string? PrimaryPath(ISymbol symbol, CancellationToken cancellationToken)
    {
        string? best = null;
        var bestStart = 0;
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            var path = paths.Relative(reference.SyntaxTree);
            var order = best is null ? -1 : string.CompareOrdinal(path, best);
            if (order < 0 || order == 0 && reference.Span.Start < bestStart)
            {
                best = path;
                bestStart = reference.Span.Start;
            }
        }

        return best;
    }

    private static ISymbol NamespaceConstituent(ISymbol symbol, string assemblyName)
    {
        if (symbol is INamespaceSymbol { NamespaceKind: NamespaceKind.Compilation } ns)
        {
            foreach (var constituent in ns.ConstituentNamespaces)
            {
                if (constituent.ContainingAssembly?.Name == assemblyName)
                {
                    return constituent;
                }
            }
        }

        return symbol;
    }

    private List<Declaration> Declarations(ISymbol symbol, CancellationToken cancellationToken)
    {
        var result = new List<Declaration>(symbol.DeclaringSyntaxReferences.Length);
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            var node = reference.GetSyntax(cancellationToken);
            if (node is VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax field })
            {
                node = field; // the declaration text of a field includes its type and modifiers
            }

            result.Add(new Declaration(node, paths.Relative(reference.SyntaxTree)));
        }

        result.Sort(static (a, b) =>
        {
            var byPath = string.CompareOrdinal(a.Path, b.Path);
            return byPath != 0 ? byPath : a.Node.SpanStart.CompareTo(b.Node.SpanStart);
        });
        return result;
    }

    private List<SourceSpan> Locations(ISymbol symbol, List<Declaration> declarations, CancellationToken cancellationToken)
    {
        var spans = new List<SourceSpan>(declarations.Count);
        foreach (var declaration in declarations)
        {
            spans.Add(ToSpan(declaration.Path, declaration.Node.SyntaxTree.GetLineSpan(declaration.Node.Span, cancellationToken)));
        }

        if (spans.Count == 0)
        {
            // Implicitly declared members (default constructors, record members, Program) point at their type.
            foreach (var location in symbol.Locations)
            {
                if (location.IsInSource)
                {
                    spans.Add(ToSpan(paths.Relative(location.SourceTree!), location.GetLineSpan()));
                }
            }

            spans.Sort(static (a, b) =>
            {
                var byPath = string.CompareOrdinal(a.FilePath, b.FilePath);
                return byPath != 0 ? byPath : (a.Line, a.Column).CompareTo((b.Line, b.Column));
            });
        }

        return spans;
    }

    private static SourceSpan ToSpan(string path, FileLinePositionSpan span) =>
        new(path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, span.EndLinePosition.Line + 1, span.EndLinePosition.Character + 1);

    private readonly record struct Declaration(SyntaxNode Node, string Path);
}
