using CodeIndex.Core.Errors;
using CodeIndex.Testing;
using CodeIndex.Vectors.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Vectors.Tests.Storage;

/// <summary>Vectors sent as <c>Pgvector.Vector</c> parameters or COPYed as such, read back: exact round trip and rejection of invalid values.</summary>
public sealed class PgVectorValueTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private async Task<float[]> RoundTripAsync(float[] vector, string cast = "vector")
    {
        await using var command = fixture.DataSource.CreateCommand($"SELECT ($1::{cast})::real[]");
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
        await using var command = fixture.DataSource.CreateCommand("WITH v AS (SELECT $1::vector AS e) SELECT vector_dims(e)::text || '|' || e::text FROM v");
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

    /// <summary>COPYs <paramref name="vector"/> as a <c>Pgvector.Vector</c> into a temp table's <paramref name="columnType"/> column.</summary>
    private static async Task CopyIntoTempTableAsync(NpgsqlConnection connection, float[] vector, string columnType)
    {
        await using (var create = new NpgsqlCommand($"CREATE TEMP TABLE copied (embedding {columnType} NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using var importer = await connection.BeginBinaryImportAsync("COPY copied (embedding) FROM STDIN (FORMAT BINARY)");
        await importer.StartRowAsync();
        await importer.WriteAsync(PgVectorValue.From(vector));
        await importer.CompleteAsync();
    }

    [Fact]
    public async Task From_CopiedIntoVectorColumn_RoundTripsBitExact()
    {
        var random = new Random(7);
        var vector = Enumerable.Range(0, 512).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        vector[3] = -0.0f;
        vector[4] = float.Epsilon;
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await CopyIntoTempTableAsync(connection, vector, "vector(512)");
        await using var read = new NpgsqlCommand("SELECT embedding FROM copied", connection);
        var back = (Pgvector.Vector)(await read.ExecuteScalarAsync())!;

        Assert.Equal(vector.Select(BitConverter.SingleToInt32Bits), back.ToArray().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public async Task From_IntoColumnOfOtherDimension_RejectedByServer()
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        var e = await Assert.ThrowsAsync<PostgresException>(() => CopyIntoTempTableAsync(connection, [1f, 2f], "vector(3)"));
        Assert.Contains("3", e.MessageText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void From_NonFinite_Rejected(float value)
    {
        var e = Assert.Throws<ArgumentException>(() => PgVectorValue.From([value]));
        Assert.Contains("element 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_WrongDimension_MismatchWithFix() =>
        Assert.Equal("embedding_dimension_mismatch", Assert.Throws<OperationFailedException>(() => PgVectorValue.From(new float[384], 512)).Code);
}
