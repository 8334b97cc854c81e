namespace CodeIndex.Vectors.Text;

/// <summary>The columns of one <c>code_symbols</c> row that its embedded text is made of.</summary>
/// <param name="QualifiedName">Namespace and containing types joined by '.', ending with <paramref name="Name"/> (e.g. <c>Ns.Repository&lt;T&gt;.Add</c>).</param>
/// <param name="Documentation">The doc-comment summary as plain text (merged across partial declarations by extraction), or null.</param>
internal sealed record EmbeddableSymbol(string Kind, string Name, string QualifiedName, string? Signature, string? Documentation);
