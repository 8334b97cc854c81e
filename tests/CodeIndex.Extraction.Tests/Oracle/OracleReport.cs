using System.Globalization;
using System.Text;

namespace CodeIndex.Extraction.Tests.Oracle;

/// <summary>Precision and recall of extracted facts against the oracle's, per "type access" (facts are "source -> target type access").</summary>
/// <param name="Missing">Oracle facts the extractor lacks (recall misses).</param>
/// <param name="Extra">Explicit extracted facts the oracle lacks (precision misses); implicit-only facts are reported, not counted,
/// because the oracle cannot see the implicit calls that have no reference operation (foreach, await, using, deconstruction).</param>
internal sealed record OracleReport(IReadOnlyList<string> Missing, IReadOnlyList<string> Extra, IReadOnlyList<(string Kind, int Expected, int Actual, int Matched, int ImplicitOnly)> Rows)
{
    public static OracleReport Compare(HashSet<string> expected, HashSet<string> actual, HashSet<string> implicitOnly)
    {
        var all = new HashSet<string>(actual);
        all.UnionWith(implicitOnly);
        var missing = expected.Where(e => !all.Contains(e)).Order(StringComparer.Ordinal).ToList();
        var extra = actual.Where(a => !expected.Contains(a)).Order(StringComparer.Ordinal).ToList();
        static string KindOf(string fact) => string.Join(' ', fact.Split(' ')[^2..]);
        var rows = expected.Concat(all).Select(KindOf).Distinct().Order(StringComparer.Ordinal)
            .Select(kind => (kind,
                expected.Count(e => KindOf(e) == kind),
                all.Count(a => KindOf(a) == kind),
                expected.Count(e => KindOf(e) == kind && all.Contains(e)),
                implicitOnly.Count(a => KindOf(a) == kind && !expected.Contains(a))))
            .ToList();
        return new OracleReport(missing, extra, rows);
    }

    public string Render()
    {
        var text = new StringBuilder("type access | oracle | extracted | matched | recall | precision (explicit) | implicit-only unseen by the oracle\n");
        foreach (var (kind, expected, actual, matched, implicitOnly) in Rows)
        {
            var explicitActual = actual - implicitOnly;
            text.AppendLine(CultureInfo.InvariantCulture, $"{kind} | {expected} | {actual} | {matched} | {Ratio(matched, expected)} | {Ratio(matched, explicitActual)} | {implicitOnly}");
        }

        return text.ToString();
    }

    private static string Ratio(int part, int whole) => whole == 0 ? "–" : (part / (double)whole).ToString("F3", CultureInfo.InvariantCulture);
}
