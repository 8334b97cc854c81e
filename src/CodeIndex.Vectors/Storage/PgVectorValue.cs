using CodeIndex.Core.Errors;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Vectors.Storage;

/// <summary>How vectors cross the wire: as binary <c>real[]</c>, cast in SQL (<c>$1::real[]::vector(N)</c>, <c>embedding::real[]</c>), validated here first.</summary>
/// <remarks>
/// The Pgvector NuGet package targets Npgsql 7, and Npgsql 10's converter API (<c>Npgsql.Internal</c>) is experimental (NPG9001) and must be
/// registered on every data source of the process (CLI, daemon, MCP, tests). <c>real[]</c> works on any data source; it costs 8 bytes per
/// element on the wire instead of 4, which is noise next to the cost of computing an embedding. pgvector's casts keep every float bit
/// (including -0) and reject NaN, infinity and empty arrays; we reject them before sending so the message names the value.
/// </remarks>
internal static class PgVectorValue
{
    /// <summary>pgvector's limit for the <c>vector</c> type.</summary>
    public const int MaxDimension = 16_000;

    /// <summary>A binary <c>real[]</c> parameter holding <paramref name="vector"/> after <see cref="Validate"/>.</summary>
    public static NpgsqlParameter Parameter(float[] vector, int? expectedDimension = null)
    {
        Validate(vector, expectedDimension);
        return new NpgsqlParameter { Value = vector, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Real };
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
