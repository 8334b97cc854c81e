using CodeIndex.Core.Errors;
using CodeIndex.Testing;
using CodeIndex.Vectors.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Vectors.Tests.Storage;

/// <summary>Vectors sent as binary real[] and cast to pgvector's vector, or COPYed in pgvector's binary format, read back as real[]: exact round trip and rejection of invalid values.</summary>
public sealed class PgVectorValueTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private async Task<float[]> RoundTripAsync(float[] vector, string cast = "vector")
    {
        await using var command = fixture.DataSource.CreateCommand($"SELECT ($1::real[]::{cast})::real[]");
        command.Parameters.Add(PgVectorValue.Parameter(vector));
        return (float[])(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Parameter_512Dimensions_RoundTripsBitExact()
    {
        var random = new Random(42);
        var vector = Enumerable.Range(0, 512).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        vector[7] = float.MaxValue;
        vector[8] = float.Epsilon; // smallest subnormal
        vector[9] = -1e-30f;

        var back = await RoundTripAsync(vector, "vector(512)");

        Assert.Equal(vector.Select(BitConverter.SingleToInt32Bits), back.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public async Task Parameter_NegativeZero_KeepsSignBit()
    {
        var back = await RoundTripAsync([-0.0f, 0.0f, 1f]);

        Assert.True(float.IsNegative(back[0]), "-0 lost its sign");
        Assert.False(float.IsNegative(back[1]));
        Assert.Equal(1f, back[2]);
    }

    [Fact]
    public async Task Parameter_CastToVector_DimensionsAndTextFormPreserved()
    {
        await using var command = fixture.DataSource.CreateCommand("WITH v AS (SELECT $1::real[]::vector AS e) SELECT vector_dims(e)::text || '|' || e::text FROM v");
        command.Parameters.Add(PgVectorValue.Parameter([1.5f, -2.25f, 3f]));

        Assert.Equal("3|[1.5,-2.25,3]", await command.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Parameter_NonFinite_Rejected(float value)
    {
        var e = Assert.Throws<ArgumentException>(() => PgVectorValue.Parameter([1f, value]));
        Assert.Contains("element 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameter_Empty_Rejected() =>
        Assert.Throws<ArgumentException>(() => PgVectorValue.Parameter([]));

    [Fact]
    public void Parameter_WrongDimension_MismatchWithFix()
    {
        var e = Assert.Throws<OperationFailedException>(() => PgVectorValue.Parameter(new float[384], 512));
        Assert.Equal("embedding_dimension_mismatch", e.Code);
        Assert.Contains("To fix this", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerCast_NaNOrEmptyBypassingValidation_RejectedByPgvector()
    {
        // The server-side guard behind our client-side check: pgvector's cast refuses the same values.
        foreach (var bad in new[] { new[] { 1f, float.NaN }, Array.Empty<float>() })
        {
            await using var command = fixture.DataSource.CreateCommand("SELECT $1::real[]::vector");
            command.Parameters.Add(new NpgsqlParameter { Value = bad, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Real });
            await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteScalarAsync());
        }
    }

    /// <summary>COPYs <paramref name="field"/> as the raw binary field of a temp table's <paramref name="columnType"/> column named <c>copied.embedding</c>.</summary>
    private static async Task CopyIntoTempTableAsync(NpgsqlConnection connection, byte[] field, string columnType)
    {
        await using (var create = new NpgsqlCommand($"CREATE TEMP TABLE copied (embedding {columnType} NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using var importer = await connection.BeginBinaryImportAsync("COPY copied (embedding) FROM STDIN (FORMAT BINARY)");
        await importer.StartRowAsync();
        await importer.WriteAsync(field, NpgsqlDbType.Bytea);
        await importer.CompleteAsync();
    }

    private async Task<string> CopyEncodedAsync(byte[] field, string columnType = "vector")
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await CopyIntoTempTableAsync(connection, field, columnType);
        await using var read = new NpgsqlCommand("SELECT vector_dims(embedding)::text || '|' || embedding::text FROM copied", connection);
        return (string)(await read.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Encode_CopiedIntoVectorColumn_RoundTripsBitExact()
    {
        var random = new Random(7);
        var vector = Enumerable.Range(0, 512).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        vector[0] = -0.0f;
        vector[1] = float.MaxValue;
        vector[2] = float.Epsilon;
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await CopyIntoTempTableAsync(connection, PgVectorValue.Encode(vector, 512), "vector(512)");

        await using var read = new NpgsqlCommand("SELECT embedding::real[], vector_send(embedding) FROM copied", connection);
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var back = reader.GetFieldValue<float[]>(0);
        Assert.Equal(vector.Select(BitConverter.SingleToInt32Bits), back.Select(BitConverter.SingleToInt32Bits));
        // The server's own send format is what Encode produces, and Decode reads it back.
        Assert.Equal(PgVectorValue.Encode(vector), reader.GetFieldValue<byte[]>(1));
        Assert.Equal(vector.Select(BitConverter.SingleToInt32Bits), PgVectorValue.Decode(reader.GetFieldValue<byte[]>(1)).Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public async Task Encode_SmallVector_ServerReadsDimensionAndValues() =>
        Assert.Equal("3|[1.5,-2.25,3]", await CopyEncodedAsync(PgVectorValue.Encode([1.5f, -2.25f, 3f])));

    [Fact]
    public async Task Encode_IntoColumnOfOtherDimension_RejectedByServer()
    {
        var e = await Assert.ThrowsAsync<PostgresException>(() => CopyEncodedAsync(PgVectorValue.Encode([1f, 2f]), "vector(3)"));
        Assert.Contains("expected 3 dimensions", e.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_NaNBypassingValidation_RejectedByVectorRecv()
    {
        // The server-side guard behind Encode's check: vector_recv refuses a non-finite element it is handed directly.
        var bytes = PgVectorValue.Encode([1f, 2f]);
        System.Buffers.Binary.BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(8), float.NaN);
        await Assert.ThrowsAsync<PostgresException>(() => CopyEncodedAsync(bytes));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Encode_NonFinite_Rejected(float value)
    {
        var e = Assert.Throws<ArgumentException>(() => PgVectorValue.Encode([value]));
        Assert.Contains("element 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_WrongDimension_MismatchWithFix() =>
        Assert.Equal("embedding_dimension_mismatch", Assert.Throws<OperationFailedException>(() => PgVectorValue.Encode(new float[384], 512)).Code);

    [Fact]
    public void Encode_Layout_HeaderThenBigEndianFloats()
    {
        var bytes = PgVectorValue.Encode([1f, -2f]);

        Assert.Equal(new byte[] { 0, 2, 0, 0, 0x3F, 0x80, 0, 0, 0xC0, 0, 0, 0 }, bytes);
    }

    [Theory]
    [InlineData(new byte[] { 0, 1 })]
    [InlineData(new byte[] { 0, 2, 0, 0, 0x3F, 0x80, 0, 0 })]
    [InlineData(new byte[] { 0, 0, 0, 0 })]
    public void Decode_Malformed_Rejected(byte[] bytes) =>
        Assert.Throws<ArgumentException>(() => PgVectorValue.Decode(bytes));
}
