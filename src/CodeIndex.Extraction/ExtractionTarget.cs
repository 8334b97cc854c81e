using Microsoft.CodeAnalysis;

namespace CodeIndex.Extraction;

/// <summary>One project to extract: the Roslyn project, its display name (without target framework) and the documents to index, in the order to emit them.</summary>
public sealed record ExtractionTarget(Project Project, string ProjectName, IReadOnlyList<DocumentId> Documents);
