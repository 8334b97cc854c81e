using System.Globalization;

namespace CodeIndex.Benchmarks.Support;

/// <summary>A Markdown table padded for the console, so the printed output can be pasted into docs/benchmarks.md as is.</summary>
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params object?[] cells) =>
        _rows.Add(cells.Select(Format).ToArray());

    public void Print(string? title = null)
    {
        if (title is not null)
        {
            Console.WriteLine(title);
            Console.WriteLine();
        }

        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
        Console.WriteLine(Line(headers, widths, alignRight: false));
        Console.WriteLine("|" + string.Join("|", widths.Select((w, i) => i == 0 ? new string('-', w + 2) : new string('-', w + 1) + ":")) + "|");
        foreach (var row in _rows)
        {
            Console.WriteLine(Line(row, widths, alignRight: true));
        }

        Console.WriteLine();
    }

    private static string Line(string[] cells, int[] widths, bool alignRight) =>
        "| " + string.Join(" | ", widths.Select((w, i) =>
        {
            var cell = i < cells.Length ? cells[i] : "";
            return alignRight && i > 0 ? cell.PadLeft(w) : cell.PadRight(w);
        })) + " |";

    private static string Format(object? value) => value switch
    {
        null => "–",
        double d => d.ToString(d >= 100 ? "N0" : d >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture),
        TimeSpan t => Seconds(t),
        int or long => ((IFormattable)value).ToString("N0", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s";

    public static string Ms(double ms) => ms.ToString(ms >= 100 ? "F0" : "F1", CultureInfo.InvariantCulture) + " ms";

    public static string MiB(long bytes) => bytes <= 0 ? "n/a" : (bytes / 1024.0 / 1024.0).ToString("N0", CultureInfo.InvariantCulture) + " MiB";
}
