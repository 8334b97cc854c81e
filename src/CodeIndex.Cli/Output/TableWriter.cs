using System.Text;

namespace CodeIndex.Cli.Output;

/// <summary>Renders rows as a plain aligned text table (no colours, safe to pipe).</summary>
internal static class TableWriter
{
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, int maxColumnWidth = 80)
    {
        var data = rows.Select(r => r.Select(c => Clip(c ?? "", maxColumnWidth)).ToArray()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, data.Count == 0 ? 0 : data.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder();
        AppendRow(sb, headers, widths);
        AppendRow(sb, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in data)
        {
            AppendRow(sb, row, widths);
        }

        return sb.ToString();
    }

    private static void AppendRow(StringBuilder sb, IReadOnlyList<string> cells, int[] widths)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                sb.Append("  ");
            }

            sb.Append(i == cells.Count - 1 ? cells[i] : cells[i].PadRight(widths[i]));
        }

        sb.AppendLine();
    }

    private static string Clip(string value, int max)
    {
        var single = value.ReplaceLineEndings(" ");
        return single.Length <= max ? single : string.Concat(single.AsSpan(0, max - 1), "…");
    }
}
