using CodeIndex.Core.Errors;
using CodeIndex.Testing;
using CodeIndex.Vectors.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Vectors.Tests.Storage;

/// <summary>Vectors sent as binary real[] and cast to pgvector's vector, read back as real[]: exact round trip and rejection of invalid values.</summary>
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
}
