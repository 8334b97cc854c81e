using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeIndex.Chroma.Client;

/// <summary>Request and response bodies of Chroma's v2 REST API (snake_case on the wire; nulls omitted).</summary>
internal static class ChromaWire
{
    internal sealed record CreateCollectionRequest(string Name, Dictionary<string, string> Metadata, bool GetOrCreate);

    internal sealed record NameRequest(string Name);

    internal sealed record CollectionResponse(string Id, string Name, int? Dimension);

    internal sealed record UpsertRequest(
        IReadOnlyList<string> Ids,
        IReadOnlyList<float[]> Embeddings,
        IReadOnlyList<string?> Documents,
        IReadOnlyList<ChromaDocumentMetadata?> Metadatas);

    internal sealed record IdsRequest(IReadOnlyList<string> Ids);

    internal sealed record GetRequest(IReadOnlyList<string>? Ids, int? Limit, int? Offset, IReadOnlyList<string> Include);

    internal sealed record QueryRequest(IReadOnlyList<float[]> QueryEmbeddings, int NResults, IReadOnlyList<string> Include);

    internal sealed record GetResponse(
        List<string> Ids,
        List<string?>? Documents,
        List<ChromaDocumentMetadata?>? Metadatas,
        List<float[]?>? Embeddings);

    internal sealed record QueryResponse(
        List<List<string>> Ids,
        List<List<string?>>? Documents,
        List<List<ChromaDocumentMetadata?>>? Metadatas,
        List<List<float?>>? Distances);

    internal sealed record ErrorResponse(string? Error, string? Message);

    internal sealed record HeartbeatResponse([property: JsonPropertyName("nanosecond heartbeat")] long NanosecondHeartbeat);

    /// <summary>Chroma's include list for <paramref name="include"/> (plus <c>distances</c> for queries).</summary>
    internal static List<string> IncludeList(ChromaInclude include, bool distances)
    {
        var list = new List<string>(4);
        if (include.HasFlag(ChromaInclude.Documents))
        {
            list.Add("documents");
        }

        if (include.HasFlag(ChromaInclude.Metadatas))
        {
            list.Add("metadatas");
        }

        if (include.HasFlag(ChromaInclude.Embeddings))
        {
            list.Add("embeddings");
        }

        if (distances)
        {
            list.Add("distances");
        }

        return list;
    }
}

/// <summary>Source-generated System.Text.Json metadata for <see cref="ChromaWire"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChromaWire.CreateCollectionRequest))]
[JsonSerializable(typeof(ChromaWire.NameRequest))]
[JsonSerializable(typeof(ChromaWire.CollectionResponse))]
[JsonSerializable(typeof(List<ChromaWire.CollectionResponse>))]
[JsonSerializable(typeof(ChromaWire.UpsertRequest))]
[JsonSerializable(typeof(ChromaWire.IdsRequest))]
[JsonSerializable(typeof(ChromaWire.GetRequest))]
[JsonSerializable(typeof(ChromaWire.QueryRequest))]
[JsonSerializable(typeof(ChromaWire.GetResponse))]
[JsonSerializable(typeof(ChromaWire.QueryResponse))]
[JsonSerializable(typeof(ChromaWire.ErrorResponse))]
[JsonSerializable(typeof(ChromaWire.HeartbeatResponse))]
[JsonSerializable(typeof(JsonElement?))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
internal sealed partial class ChromaJsonContext : JsonSerializerContext;
