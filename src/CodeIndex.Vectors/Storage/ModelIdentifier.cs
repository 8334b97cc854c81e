using System.Globalization;
using CodeIndex.Core.Errors;
using CodeIndex.Vectors.Text;

namespace CodeIndex.Vectors.Storage;

/// <summary>Validates model ids before they appear in DDL or as partial-index literals, and names each model's HNSW index.</summary>
internal static class ModelIdentifier
{
    private const string IndexPrefix = "ix_symbol_embeddings_hnsw_";
    private const int MaxIdentifierLength = 63;

    /// <summary>Throws <c>embedding_model_id_invalid</c> unless the id is 1–100 characters of [a-z0-9_.-] starting with a letter or digit.</summary>
    public static string Validate(string modelId)
    {
        if (string.IsNullOrEmpty(modelId) || modelId.Length > 100 || !(char.IsAsciiLetterLower(modelId[0]) || char.IsAsciiDigit(modelId[0]))
            || !modelId.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '.' or '-'))
        {
            throw new OperationFailedException("embedding_model_id_invalid",
                $"The model id '{modelId}' cannot be stored: model ids are 1–100 characters of lowercase letters, digits, '_', '.' or '-', starting with a letter or digit. To fix this, change \"id\" in the model's manifest.json.");
        }

        return modelId;
    }

    /// <summary>The model id as a SQL string literal (safe: validated to [a-z0-9_.-]).</summary>
    public static string Literal(string modelId) => "'" + Validate(modelId) + "'";

    /// <summary>Validates a dimension before it is put into DDL or a cast (<c>vector(N)</c>).</summary>
    public static int Dimension(int dimension) => dimension is >= 1 and <= PgVectorValue.MaxDimension
        ? dimension
        : throw new OperationFailedException("embedding_model_invalid",
            $"Embedding dimension {dimension.ToString(CultureInfo.InvariantCulture)} is outside 1–{PgVectorValue.MaxDimension} (pgvector's limit). To fix this, correct \"dimension\" in the model's manifest.json.");

    /// <summary><c>ix_symbol_embeddings_hnsw_&lt;model&gt;</c>; ids that needed sanitising or shortening get a hash suffix so two ids never share a name.</summary>
    public static string HnswIndexName(string modelId)
    {
        Validate(modelId);
        var sanitized = new string(modelId.Select(c => c is '.' or '-' ? '_' : c).ToArray());
        if (sanitized == modelId && IndexPrefix.Length + sanitized.Length <= MaxIdentifierLength)
        {
            return IndexPrefix + sanitized;
        }

        var suffix = "_" + TextHash.Of(modelId)[..8];
        var room = MaxIdentifierLength - IndexPrefix.Length - suffix.Length;
        return IndexPrefix + (sanitized.Length > room ? sanitized[..room] : sanitized) + suffix;
    }
}
