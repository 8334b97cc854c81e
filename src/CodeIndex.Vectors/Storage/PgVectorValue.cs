using CodeIndex.Core.Errors;
using Npgsql;
using Pgvector;

namespace CodeIndex.Vectors.Storage;

/// <summary>Vectors as they cross the wire: <c>Pgvector.Vector</c> (the Pgvector package's type, registered on every data source by
/// <c>DatabaseConnector.Builder</c>), validated here first so the message names the value.</summary>
/// <remarks>pgvector keeps every float bit (including -0) and rejects NaN, infinity and empty vectors; we reject them before sending.</remarks>
internal static class PgVectorValue
{
    /// <summary>pgvector's limit for the <c>vector</c> type.</summary>
    public const int MaxDimension = 16_000;

    /// <summary>A <c>vector</c> parameter holding <paramref name="vector"/> after <see cref="Validate"/>.</summary>
    public static NpgsqlParameter Parameter(float[] vector, int? expectedDimension = null) => new() { Value = From(vector, expectedDimension) };

    /// <summary>The <see cref="Vector"/> of <paramref name="vector"/> after <see cref="Validate"/> (for parameters and binary COPY).</summary>
    public static Vector From(float[] vector, int? expectedDimension = null)
    {
        Validate(vector, expectedDimension);
        return new Vector(vector);
    }

    /// <summary>Throws when the vector is empty, longer than pgvector allows, of an unexpected dimension, or holds NaN/infinity.</summary>
    public static void Validate(float[] vector, int? expectedDimension = null)
    {
        ArgumentNullException.ThrowIfNull(vector);
        if (vector.Length == 0)
        {
            throw new ArgumentException("A vector must have at least one element; got an empty array.", nameof(vector));
        }

        if (vector.Length > MaxDimension)
        {
            throw new ArgumentException($"A vector may have at most {MaxDimension} elements (pgvector's limit); got {vector.Length}.", nameof(vector));
        }

        if (expectedDimension is { } expected && vector.Length != expected)
        {
            throw new OperationFailedException("embedding_dimension_mismatch",
                $"Expected a {expected}-dimensional vector, got {vector.Length} elements. To fix this, use the model the vectors were stored with, or re-embed (VectorStoreSchema.ResetAsync / codeindex index --reembed).");
        }

        for (var i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                throw new ArgumentException($"Vector element {i} is {vector[i]}; pgvector stores finite values only.", nameof(vector));
            }
        }
    }
}
