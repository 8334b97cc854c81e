using System.Text.Json.Serialization;

namespace CodeIndex.Chroma.Client;

/// <summary>A collection as Chroma reports it: its UUID (needed by record operations), name and dimension once known.</summary>
public sealed record ChromaCollection(string Id, string Name, int? Dimension);

/// <summary>The metadata CodeIndex stores with each document (keys <c>kind</c>, <c>file</c>, <c>line</c>, <c>project</c>, <c>symbolKey</c>).</summary>
public sealed record ChromaDocumentMetadata(
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("file")] string? File,
    [property: JsonPropertyName("line")] int? Line,
    [property: JsonPropertyName("project")] string? Project,
    [property: JsonPropertyName("symbolKey")] string? SymbolKey);

/// <summary>One record to upsert: id, vector, document text and metadata.</summary>
public sealed record ChromaRecord(string Id, float[] Embedding, string? Document, ChromaDocumentMetadata? Metadata);

/// <summary>A stored record as returned by get; fields not requested in <see cref="ChromaInclude"/> are null.</summary>
public sealed record ChromaStoredRecord(string Id, string? Document, ChromaDocumentMetadata? Metadata, float[]? Embedding);

/// <summary>One nearest-neighbour hit: id, distance (cosine distance for CodeIndex collections) and the requested fields.</summary>
public sealed record ChromaQueryHit(string Id, float? Distance, string? Document, ChromaDocumentMetadata? Metadata);

/// <summary>Fields to return from get and query (ids always come back).</summary>
[Flags]
public enum ChromaInclude
{
    None = 0,
    Documents = 1,
    Metadatas = 2,
    Embeddings = 4,
}
