using Npgsql;

namespace CodeIndex.Testing;

/// <summary>Small query helpers for assertions.</summary>
public static class Db
{
    public static async Task<long> CountAsync(NpgsqlDataSource dataSource, string sql, params object[] args)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var a in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = a });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every row of a query rendered as "a|b|c" lines, for whole-table comparisons.</summary>
    public static async Task<List<string>> RowsAsync(NpgsqlDataSource dataSource, string sql, params object[] args)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var a in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = a });
        }

        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            }

            rows.Add(string.Join("|", values));
        }

        return rows;
    }

    public static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, params object[] args)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var a in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = a });
        }

        await command.ExecuteNonQueryAsync();
    }
}
