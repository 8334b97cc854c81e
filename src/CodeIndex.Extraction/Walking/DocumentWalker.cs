using System.Diagnostics;
using CodeIndex.Core.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeIndex.Extraction.Walking;

/// <summary>
/// Walks one syntax tree once and records facts: declared symbols and raw (source, target, type, site) edges.
/// It asks the semantic model what a node binds to, but makes no identity or storage decisions.
/// </summary>
internal sealed partial class DocumentWalker : CSharpSyntaxWalker
{
    private readonly SemanticModel _model;
    private readonly SyntaxTree _tree;
    private readonly DocumentFacts _facts;
    private readonly CancellationToken _cancellationToken;

    /// <summary>Innermost declared namespace, type or member enclosing the current node (null at file level).</summary>
    private ISymbol? _container;

    /// <summary>Depth inside <c>nameof(…)</c>, where member names are mentioned but not called.</summary>
    private int _nameofDepth;

    private DocumentWalker(SemanticModel model, DocumentFacts facts, CancellationToken cancellationToken)
        : base(SyntaxWalkerDepth.Node)
    {
        _model = model;
        _tree = model.SyntaxTree;
        _facts = facts;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Walks <paramref name="root"/> and returns its facts; <paramref name="filePath"/> is the repository-relative path used for sites.</summary>
    public static DocumentFacts Walk(SemanticModel model, SyntaxNode root, string filePath, CancellationToken cancellationToken)
    {
        var facts = new DocumentFacts(filePath);
        var start = Stopwatch.GetTimestamp();
        new DocumentWalker(model, facts, cancellationToken).Visit(root);
        facts.TotalTicks = Stopwatch.GetTimestamp() - start;
        return facts;
    }

    private SymbolInfo Bind(SyntaxNode node)
    {
        var start = Stopwatch.GetTimestamp();
        var info = _model.GetSymbolInfo(node, _cancellationToken);
        _facts.BindingTicks += Stopwatch.GetTimestamp() - start;
        return info;
    }

    private ISymbol? Declared(SyntaxNode node)
    {
        var start = Stopwatch.GetTimestamp();
        var symbol = _model.GetDeclaredSymbol(node, _cancellationToken);
        _facts.BindingTicks += Stopwatch.GetTimestamp() - start;
        return symbol;
    }

    private ISymbol? EnclosingSymbol(int position)
    {
        var start = Stopwatch.GetTimestamp();
        var symbol = _model.GetEnclosingSymbol(position, _cancellationToken);
        _facts.BindingTicks += Stopwatch.GetTimestamp() - start;
        return symbol;
    }

    /// <summary>The bound symbol, or the single candidate (or several candidates that are all the same definition) when binding failed.</summary>
    private static ISymbol? Single(SymbolInfo info) => Single(info, out _);

    /// <inheritdoc cref="Single(SymbolInfo)"/>
    /// <param name="candidate">True when binding failed and the symbol is the single candidate (the site is flagged <c>is_candidate</c>).</param>
    private static ISymbol? Single(SymbolInfo info, out bool candidate)
    {
        candidate = false;
        if (info.Symbol is not null)
        {
            return info.Symbol;
        }

        var candidates = info.CandidateSymbols;
        if (candidates.Length == 0)
        {
            return null;
        }

        var first = candidates[0].OriginalDefinition;
        for (var i = 1; i < candidates.Length; i++)
        {
            if (!SymbolEqualityComparer.Default.Equals(first, candidates[i].OriginalDefinition))
            {
                return null;
            }
        }

        candidate = info.CandidateReason != CandidateReason.MemberGroup; // a method group in nameof(…) is not a failed binding
        return candidates[0];
    }

    private void Declare(ISymbol symbol) => _facts.Declared.Add(symbol);

    private void Edge(ISymbol? source, ISymbol? target, string type, SyntaxToken site, string? access = null, bool isImplicit = false, bool isCandidate = false) =>
        Edge(source, target, type, site.Span.Start, access, isImplicit, isCandidate);

    private void Edge(ISymbol? source, ISymbol? target, string type, SyntaxNode site, string? access = null, bool isImplicit = false, bool isCandidate = false) =>
        Edge(source, target, type, site.SpanStart, access, isImplicit, isCandidate);

    private void Edge(ISymbol? source, ISymbol? target, string type, int position, string? access, bool isImplicit, bool isCandidate)
    {
        if (source is null || target is null)
        {
            return;
        }

        var line = _tree.GetLineSpan(new Microsoft.CodeAnalysis.Text.TextSpan(position, 0), _cancellationToken).StartLinePosition;
        _facts.Edges.Add(new EdgeFact(source, target, type, new SiteLocation(_facts.FilePath, line.Line + 1, line.Character + 1), access, isImplicit, isCandidate));
    }

    /// <summary>Runs <paramref name="visit"/> with <paramref name="container"/> as the innermost enclosing declaration.</summary>
    private void WithContainer(ISymbol? container, Action visit)
    {
        var saved = _container;
        _container = container ?? saved;
        try
        {
            visit();
        }
        finally
        {
            _container = saved;
        }
    }

    /// <summary>The token that names a declaration (used as the site of contains/implements/overrides edges).</summary>
    private static SyntaxToken NameToken(SyntaxNode node) => node switch
    {
        BaseTypeDeclarationSyntax t => t.Identifier,
        DelegateDeclarationSyntax d => d.Identifier,
        MethodDeclarationSyntax m => m.Identifier,
        ConstructorDeclarationSyntax c => c.Identifier,
        DestructorDeclarationSyntax d => d.Identifier,
        OperatorDeclarationSyntax o => o.OperatorToken,
        ConversionOperatorDeclarationSyntax c => c.OperatorKeyword,
        PropertyDeclarationSyntax p => p.Identifier,
        IndexerDeclarationSyntax i => i.ThisKeyword,
        EventDeclarationSyntax e => e.Identifier,
        VariableDeclaratorSyntax v => v.Identifier,
        EnumMemberDeclarationSyntax e => e.Identifier,
        ParameterSyntax p => p.Identifier,
        _ => node.GetFirstToken(),
    };
}
