using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Query;

/// <summary>Typed parameter builders, so NULLs still carry a type and nothing user-supplied is ever spliced into SQL.</summary>
internal static class SqlParameters
{
    public static NpgsqlParameter Bigint(string name, long? value) =>
        new(name, NpgsqlDbType.Bigint) { Value = value is { } v ? v : DBNull.Value };

    public static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = value is null ? DBNull.Value : value };

    public static NpgsqlParameter Integer(string name, int value) =>
        new(name, NpgsqlDbType.Integer) { Value = value };

    public static NpgsqlParameter TextArray(string name, IReadOnlyList<string>? values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values is null ? DBNull.Value : values.ToArray() };

    public static NpgsqlParameter BigintArray(string name, IReadOnlyList<long>? values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = values is null ? DBNull.Value : values.ToArray() };
}
