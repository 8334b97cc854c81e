using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CodeIndex.Core.Errors;

namespace CodeIndex.Mcp.Serving;

/// <summary>
/// Every call's limits, clamped with a notice in the answer (limit 1..500, default 50; depth 1..10, default 3), and its paging
/// cursor: <c>offset.question.generation</c>. A cursor is accepted only for the question it was given for; when the index
/// changed since (another generation), the page is read from the index as it is now and the answer says so.
/// </summary>
public sealed class Bounds
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
    public const int DefaultDepth = 3;
    public const int MaxDepth = 10;

    private readonly List<string> _notices = [];

    public IReadOnlyList<string> Notices => _notices;

    public void Notice(string notice) => _notices.Add(notice);

    public int Limit(int? requested, int defaultLimit = DefaultLimit) => Clamp("limit", requested ?? defaultLimit, 1, MaxLimit);

    public int Depth(int? requested) => Clamp("depth", requested ?? DefaultDepth, 1, MaxDepth);

    /// <summary>The offset a cursor names (0 without one).</summary>
    /// <exception cref="UserInputException"><c>invalid_cursor</c> for a cursor that is malformed or was given for another question.</exception>
    public int Offset(string? cursor, string question, string generation)
    {
        if (string.IsNullOrWhiteSpace(cursor))
        {
            return 0;
        }

        var parts = cursor.Trim().Split('.');
        if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            throw new UserInputException("invalid_cursor", $"'{cursor}' is not a cursor of this server. Pass the 'next.cursor' of a previous answer unchanged, or omit cursor for the first page.");
        }

        if (parts[1] != QuestionHash(question))
        {
            throw new UserInputException("invalid_cursor", "This cursor was given for another question (other tool, symbol or arguments). Ask the same question again with it, or omit cursor for the first page.");
        }

        if (parts[2] != generation)
        {
            Notice("The index changed since the previous page: this page is read from the index as it is now, so results may have moved across pages. Omit cursor to start again for an exact list.");
        }

        return offset;
    }

    public static string Cursor(int offset, string question, string generation) =>
        string.Create(CultureInfo.InvariantCulture, $"{offset}.{QuestionHash(question)}.{generation}");

    private static string QuestionHash(string question) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(question)))[..8];

    private int Clamp(string name, int value, int min, int max)
    {
        if (value < min)
        {
            Notice($"{name} {value} is below {min}: used {min}.");
            return min;
        }

        if (value > max)
        {
            Notice($"{name} {value} is above the maximum {max}: used {max}.");
            return max;
        }

        return value;
    }
}
