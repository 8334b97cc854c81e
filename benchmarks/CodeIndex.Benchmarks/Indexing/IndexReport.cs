using CodeIndex.Benchmarks.Support;
using CodeIndex.Cli.Pipeline;

namespace CodeIndex.Benchmarks.Indexing;

/// <summary>Collects the runs of <see cref="IndexBenchmark"/> and prints per-run rows, medians and the index ÷ bare ratios.</summary>
internal sealed class IndexReport(TimeSpan restoreTime)
{
    private readonly List<(int Rep, BareResult Result, RunMemory Memory)> _bare = [];
    private readonly List<(int Rep, IndexKind Kind, IndexSummary Summary, RunMemory Memory)> _index = [];

    public void AddBare(int rep, BareResult result, RunMemory memory) => _bare.Add((rep, result, memory));

    public void AddIndex(int rep, IndexKind kind, IndexSummary summary, RunMemory memory) => _index.Add((rep, kind, summary, memory));

    public void Print()
    {
        var runs = new Table("run", "open/load", "bind (Σ workers)", "walk (Σ workers)", "extract (wall)", "COPY", "COPY rows/s", "merge", "total", "peak RSS self", "peak RSS BuildHost", "symbols", "edges");
        foreach (var (rep, result, memory) in _bare)
        {
            runs.Add($"{rep} bare Roslyn", result.Open, null, null, result.CompileAndDiagnose, null, null, null, result.Total,
                Table.MiB(memory.SelfPeakBytes), BuildHosts(memory), null, null);
        }

        foreach (var (rep, kind, s, memory) in _index)
        {
            runs.Add($"{rep} index {Label(kind)}", s.Times.Load, s.Times.Bind, s.Times.Walk, s.Times.Extract, s.Times.Copy, s.CopyRowsPerSecond,
                s.Times.Merge, s.Times.Total, Table.MiB(memory.SelfPeakBytes), BuildHosts(memory), s.Symbols, s.Relationships);
        }

        runs.Print($"Every run (restore {Table.Seconds(restoreTime)} once up front, excluded below; bare = open + GetCompilationAsync + GetDiagnostics per project)");
        PrintCounts();
        PrintMedians();
    }

    private void PrintCounts()
    {
        if (_bare.Count == 0 || _index.Count == 0)
        {
            return;
        }

        var b = _bare[0].Result;
        var s = _index[0].Summary;
        var counts = new Table("what", "bare Roslyn", "index");
        counts.Add("projects (C#, with compilation)", b.Projects, s.Projects);
        counts.Add("documents", b.Documents, s.Documents);
        counts.Add("errors (bare: all diagnostics; index: load errors / parse+declaration errors)", b.Errors, $"{s.LoadErrors} / {s.CompileErrors}");
        counts.Add("symbols written", null, s.Symbols);
        counts.Add("relationships (rows)", null, s.Relationships);
        counts.Add("relationship occurrences dropped", null, s.DroppedEdges);
        counts.Print("Input size (first run of each kind)");
    }

    private void PrintMedians()
    {
        var bare = Percentiles.Median(_bare.Select(b => b.Result.Total).ToList());
        var medians = new Table("kind", "runs", "median total", "median open/load", "median extract", "median COPY", "median merge", "median COPY rows/s", "max peak RSS self", "max peak RSS BuildHost", "ratio of medians (÷ bare)", "median of per-repetition ratios");
        medians.Add("bare Roslyn", _bare.Count, bare, Percentiles.Median(_bare.Select(b => b.Result.Open).ToList()),
            Percentiles.Median(_bare.Select(b => b.Result.CompileAndDiagnose).ToList()), null, null, null,
            Table.MiB(_bare.Max(b => b.Memory.SelfPeakBytes)), Table.MiB(_bare.Max(b => b.Memory.BuildHostPeakBytes)), "1.00", "1.00");
        foreach (var kind in new[] { IndexKind.Fresh, IndexKind.Reindex })
        {
            var runs = _index.Where(i => i.Kind == kind).ToList();
            if (runs.Count == 0)
            {
                continue;
            }

            var total = Percentiles.Median(runs.Select(r => r.Summary.Times.Total).ToList());
            var perRep = runs
                .Select(r => (Index: r.Summary.Times.Total, Bare: _bare.FirstOrDefault(b => b.Rep == r.Rep).Result?.Total))
                .Where(p => p.Bare is { } t && t > TimeSpan.Zero)
                .Select(p => p.Index / p.Bare!.Value)
                .ToList();
            medians.Add($"index {Label(kind)}", runs.Count, total,
                Percentiles.Median(runs.Select(r => r.Summary.Times.Load).ToList()),
                Percentiles.Median(runs.Select(r => r.Summary.Times.Extract).ToList()),
                Percentiles.Median(runs.Select(r => r.Summary.Times.Copy).ToList()),
                Percentiles.Median(runs.Select(r => r.Summary.Times.Merge).ToList()),
                Percentiles.Median(runs.Select(r => r.Summary.CopyRowsPerSecond).ToList()),
                Table.MiB(runs.Max(r => r.Memory.SelfPeakBytes)), Table.MiB(runs.Max(r => r.Memory.BuildHostPeakBytes)),
                bare > TimeSpan.Zero ? (total / bare).ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : null,
                perRep.Count > 0 ? Percentiles.Median(perRep).ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : null);
        }

        medians.Print("Medians and the ratio whole index run ÷ Roslyn's bare cost (target ≤ 1.2×)");
    }

    private static string BuildHosts(RunMemory memory) =>
        memory.BuildHosts == 0 ? "none seen" : memory.BuildHosts == 1 ? Table.MiB(memory.BuildHostPeakBytes) : $"{Table.MiB(memory.BuildHostPeakBytes)} (max of {memory.BuildHosts})";

    private static string Label(IndexKind kind) => kind == IndexKind.Fresh ? "fresh" : "re-index";
}
