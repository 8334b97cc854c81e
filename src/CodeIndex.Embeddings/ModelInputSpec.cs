namespace CodeIndex.Embeddings;

/// <summary>Input section of a manifest: the tensor layout and names.</summary>
public sealed record ModelInputSpec
{
    /// <summary>int64 indices [N, 2] (text, position) and values [N] (token ids).</summary>
    public const string SparseIndicesValues = "sparse-indices-values";

    /// <summary>int64 [batch, seq] token ids, attention mask (1 = token, 0 = padding) and optional token types (all 0).</summary>
    public const string DenseIdsMask = "dense-ids-mask";

    public string Format { get; init; } = "";

    public string? Indices { get; init; }

    public string? Values { get; init; }

    public string? InputIds { get; init; }

    public string? AttentionMask { get; init; }

    /// <summary>Optional; fed all zeros when set.</summary>
    public string? TokenTypeIds { get; init; }

    /// <summary>Input tensor names the model is fed, by format.</summary>
    internal IReadOnlyList<string> Names => Format == DenseIdsMask
        ? new[] { InputIds, AttentionMask, TokenTypeIds }.OfType<string>().ToArray()
        : new[] { Indices, Values }.OfType<string>().ToArray();

    internal IEnumerable<string> Validate()
    {
        if (Format == SparseIndicesValues)
        {
            if (string.IsNullOrEmpty(Indices) || string.IsNullOrEmpty(Values))
            {
                yield return $"inputs must have format '{SparseIndicesValues}' with \"indices\" and \"values\" names";
            }
        }
        else if (Format == DenseIdsMask)
        {
            if (string.IsNullOrEmpty(InputIds) || string.IsNullOrEmpty(AttentionMask))
            {
                yield return $"inputs format '{DenseIdsMask}' needs \"inputIds\" and \"attentionMask\" names (\"tokenTypeIds\" optional)";
            }
        }
        else
        {
            yield return $"inputs format '{Format}' is not supported (supported: {SparseIndicesValues} with \"indices\"/\"values\", {DenseIdsMask} with \"inputIds\"/\"attentionMask\"/\"tokenTypeIds\")";
        }
    }
}
