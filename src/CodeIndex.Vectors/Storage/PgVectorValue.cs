using System.Buffers.Binary;
using CodeIndex.Core.Errors;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Vectors.Storage;

/// <summary>How vectors cross the wire, validated here first: parameters as binary <c>real[]</c> cast in SQL (<c>$1::real[]::vector(N)</c>,
/// <c>embedding::real[]</c>); bulk writes (COPY into a <c>vector</c> column) in pgvector's own binary format (<see cref="Encode"/>).</summary>
/// <remarks>
/// The Pgvector NuGet package targets Npgsql 7, and Npgsql 10's converter API (<c>Npgsql.Internal</c>) is experimental (NPG9001) and must be
/// registered on every data source of the process (CLI, daemon, MCP, tests). <c>real[]</c> parameters work on any data source; a query
/// vector costs 8 bytes per element on the wire instead of 4, which is noise next to the query. Binary COPY is different: the server parses
/// each field with the column type's own receive function, so <see cref="Encode"/>'s bytes, written as a raw field, arrive in
/// <c>vector_recv</c> without a converter and without the <c>real[]</c> → <c>vector</c> cast (4 bytes per element, no per-element
/// array headers). pgvector keeps every float bit (including -0) and rejects NaN, infinity and empty vectors; we reject them before
/// sending so the message names the value.
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

    /// <summary>Bytes of pgvector's binary format (<c>vector_send</c>/<c>vector_recv</c>): int16 dimension, int16 unused (0), then each
    /// element as a big-endian float4. For a binary COPY field of a <c>vector</c> column; validated like <see cref="Parameter"/>.</summary>
    public static byte[] Encode(float[] vector, int? expectedDimension = null)
    {
        Validate(vector, expectedDimension);
        var bytes = new byte[4 + (4 * vector.Length)];
        BinaryPrimitives.WriteInt16BigEndian(bytes, (short)vector.Length);
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(4 + (4 * i)), vector[i]);
        }

        return bytes;
    }

    /// <summary>The vector held by pgvector's binary format (the inverse of <see cref="Encode"/>).</summary>
    public static float[] Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4)
        {
            throw new ArgumentException($"A binary vector has a 4-byte header; got {bytes.Length} bytes.", nameof(bytes));
        }

        var dimension = BinaryPrimitives.ReadInt16BigEndian(bytes);
        if (dimension < 1 || bytes.Length != 4 + (4 * dimension))
        {
            throw new ArgumentException($"A binary vector of dimension {dimension} needs {4 + (4 * Math.Max(0, (int)dimension))} bytes; got {bytes.Length}.", nameof(bytes));
        }

        var vector = new float[dimension];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = BinaryPrimitives.ReadSingleBigEndian(bytes[(4 + (4 * i))..]);
        }

        return vector;
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
