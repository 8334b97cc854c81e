using System.Collections.Immutable;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using CodeIndex.Extraction;
using CodeIndex.Loading;
using Microsoft.CodeAnalysis;

// Usage: CodeIndex.Extraction.Harness <input.sln> [--reps N] [--dop N] [--dump file] [--oracle]
// --oracle: compares the extractor's calls/uses facts with the oracle test's IOperation walker (tests/…/Oracle) on the loaded
// solution and prints precision and recall per relationship type and access, with examples of each kind of difference.
// Loads the input once (no restore), then for every repetition builds FRESH compilations (a new AdhocWorkspace from the loaded
// project infos) for each side, precomputes parse + declaration diagnostics outside the clock (the loader does that in the real
// pipeline), and times per project: (a) Compilation.GetDiagnostics() (binds every method body) and (b) SymbolExtractor over the
// project's documents. Order alternates per repetition. Prints per-project times and ratio (b)/(a).
var input = args[0];
var reps = Arg("--reps", 3);
var dop = Arg("--dop", 0);
var dump = ArgString("--dump");
var only = ArgString("--only"); // "diag" or "extract"

using var loaded = await new WorkspaceLoader().LoadAsync(new LoadOptions(input, Restore: false), null, CancellationToken.None);
Console.WriteLine($"loaded {loaded.Projects.Count} projects, {loaded.Projects.Sum(p => p.Documents.Count)} documents; load {File.ReadAllText("/proc/loadavg").Trim()}");
var infos = loaded.Solution.Projects.Select(p => p.Id).ToList();

if (args.Contains("--oracle"))
{
    var (fresh, targets) = Fresh(loaded);
    var expected = new HashSet<string>(StringComparer.Ordinal);
    foreach (var t in targets)
    {
        var project = t.Project;
        var trees = new HashSet<SyntaxTree>();
        foreach (var id in t.Documents)
        {
            if (await project.GetDocument(id)!.GetSyntaxTreeAsync() is { } tree)
            {
                trees.Add(tree);
            }
        }

        expected.UnionWith(CodeIndex.Extraction.Tests.Oracle.OperationOracle.Expected((await project.GetCompilationAsync())!, trees.Contains));
    }

    var extractor = new SymbolExtractor(loaded.RepositoryRoot) { MaxDegreeOfParallelism = 2 };
    var actual = new HashSet<string>(StringComparer.Ordinal);
    var implicitOnly = new HashSet<string>(StringComparer.Ordinal);
    var facts = new Dictionary<string, bool>(StringComparer.Ordinal);
    await foreach (var batch in extractor.ExtractAsync(targets))
    {
        foreach (var r in batch.Relationships)
        {
            if (r.Type is "calls" or "uses" && r.Access is not ("nameof" or "doc"))
            {
                var key = $"{r.Source.SymbolKey} -> {r.Target.SymbolKey} {r.Type} {r.Access}";
                facts[key] = facts.TryGetValue(key, out var onlyImplicit) ? onlyImplicit && r.IsImplicit : r.IsImplicit;
            }
        }
    }

    foreach (var (key, onlyImplicit) in facts)
    {
        (onlyImplicit ? implicitOnly : actual).Add(key);
    }

    var report = CodeIndex.Extraction.Tests.Oracle.OracleReport.Compare(expected, actual, implicitOnly);
    Console.WriteLine(report.Render());
    var matched = report.Rows.Sum(r => r.Matched);
    Console.WriteLine($"all: oracle {expected.Count}, extracted {actual.Count + implicitOnly.Count} ({implicitOnly.Count} implicit-only), recall {matched / (double)expected.Count:F4}, explicit precision {(actual.Count - report.Extra.Count) / (double)actual.Count:F4}");
    Console.WriteLine($"missing ({report.Missing.Count}), first 25:");
    foreach (var m in report.Missing.Take(25)) Console.WriteLine("  " + m);
    Console.WriteLine($"extra ({report.Extra.Count}), first 25:");
    foreach (var e in report.Extra.Take(25)) Console.WriteLine("  " + e);
    fresh.Dispose();
    return;
}

if (dump is not null)
{
    var (fresh, targets) = Fresh(loaded);
    var extractor = new SymbolExtractor(loaded.RepositoryRoot) { MaxDegreeOfParallelism = dop > 0 ? dop : 2 };
    var sb = new StringBuilder();
    await foreach (var batch in extractor.ExtractAsync(targets))
    {
        sb.Append("batch ").Append(batch.FilePath ?? "<externals>").Append('\n');
        foreach (var s in batch.Symbols)
        {
            sb.Append("  S ").Append(s.ToString()).Append(" LOC ").AppendJoin(';', s.Locations).Append('\n');
        }

        foreach (var r in batch.Relationships)
        {
            sb.Append("  R ").Append(r.ToString()).Append('\n');
        }
    }

    File.WriteAllText(dump, sb.ToString());
    Console.WriteLine($"dump: {dump} sha256 {Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))} symbols {extractor.Stats.Symbols} edges {extractor.Stats.Relationships}");
    fresh.Dispose();
    return;
}

var diagTimes = new Dictionary<string, List<double>>();
var extTimes = new Dictionary<string, List<double>>();
for (var rep = 1; rep <= reps; rep++)
{
    var order = rep % 2 == 1 ? new[] { "diag", "extract" } : new[] { "extract", "diag" };
    foreach (var side in order)
    {
        if (only is not null && side != only) continue;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var (fresh, targets) = Fresh(loaded);
        foreach (var t in targets)
        {
            var c = (await t.Project.GetCompilationAsync())!;
            _ = c.GetParseDiagnostics();
            _ = c.GetDeclarationDiagnostics();
        }

        var start = Stopwatch.GetTimestamp();
        double bind = 0, walk = 0;
        foreach (var t in targets)
        {
            var c = (await t.Project.GetCompilationAsync())!;
            var s0 = Stopwatch.GetTimestamp();
            if (side == "diag")
            {
                _ = c.GetDiagnostics();
                Add(diagTimes, t.ProjectName, Stopwatch.GetElapsedTime(s0).TotalSeconds);
            }
            else
            {
                var extractor = new SymbolExtractor(loaded.RepositoryRoot) { MaxDegreeOfParallelism = dop > 0 ? dop : Math.Clamp(Environment.ProcessorCount, 1, 2) };
                var n = 0;
                await foreach (var batch in extractor.ExtractAsync([t]))
                {
                    n += batch.Symbols.Count + batch.Relationships.Count;
                }

                Add(extTimes, t.ProjectName, Stopwatch.GetElapsedTime(s0).TotalSeconds);
                bind += extractor.Stats.BindingTime.TotalSeconds;
                walk += extractor.Stats.WalkingTime.TotalSeconds;
            }
        }

        Console.WriteLine($"rep {rep} {side,-8} {Stopwatch.GetElapsedTime(start).TotalSeconds,7:F2} s  (bind {bind:F2} walk {walk:F2})  load {File.ReadAllText("/proc/loadavg").Trim()}");
        fresh.Dispose();
    }
}

Console.WriteLine();
Console.WriteLine();
Console.WriteLine($"{"project",-34} {"diag med",9} {"extract med",11} {"ratio",6}");
double sd = 0, se = 0;
foreach (var name in (diagTimes.Count > 0 ? diagTimes : extTimes).Keys)
{
    var d = diagTimes.TryGetValue(name, out var dl) ? Median(dl) : 0;
    var e = extTimes.TryGetValue(name, out var el) ? Median(el) : 0;
    sd += d;
    se += e;
    Console.WriteLine($"{name,-34} {d,9:F2} {e,11:F2} {(d > 0 ? e / d : 0),6:F2}");
}

Console.WriteLine($"{"TOTAL (sum of medians)",-34} {sd,9:F2} {se,11:F2} {(sd > 0 ? se / sd : 0),6:F2}");
for (var rep = 0; rep < reps; rep++)
{
    var d = diagTimes.Values.Sum(l => rep < l.Count ? l[rep] : 0);
    var e = extTimes.Values.Sum(l => rep < l.Count ? l[rep] : 0);
    Console.WriteLine($"rep {rep + 1}: diag {d:F2} s, extract {e:F2} s, ratio {(d > 0 ? e / d : 0):F2}");
}

int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 ? int.Parse(args[i + 1]) : fallback;
string? ArgString(string name) => Array.IndexOf(args, name) is var i and >= 0 ? args[i + 1] : null;
static void Add(Dictionary<string, List<double>> d, string k, double v) { if (!d.TryGetValue(k, out var l)) d[k] = l = []; l.Add(v); }
static double Median(List<double> l) { var s = l.Order().ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }

// A new workspace with the same projects (documents, references, options): compilations are computed from scratch.
static (AdhocWorkspace, List<ExtractionTarget>) Fresh(LoadedSolution loaded)
{
    var solution = loaded.Solution;
    var workspace = new AdhocWorkspace();
    var projects = new List<ProjectInfo>();
    foreach (var p in solution.Projects)
    {
        var docs = p.Documents.Select(d => DocumentInfo.Create(d.Id, d.Name, d.Folders, d.SourceCodeKind,
            TextLoader.From(TextAndVersion.Create(d.GetTextAsync().Result, VersionStamp.Default, d.FilePath)), d.FilePath)).ToList();
        var extra = p.AdditionalDocuments.Select(d => DocumentInfo.Create(d.Id, d.Name, d.Folders, SourceCodeKind.Regular,
            TextLoader.From(TextAndVersion.Create(d.GetTextAsync().Result, VersionStamp.Default, d.FilePath)), d.FilePath)).ToList();
        projects.Add(ProjectInfo.Create(p.Id, VersionStamp.Default, p.Name, p.AssemblyName, p.Language, p.FilePath, p.OutputFilePath,
            p.CompilationOptions, p.ParseOptions, docs, p.ProjectReferences, p.MetadataReferences, p.AnalyzerReferences, extra));
    }

    workspace.AddSolution(SolutionInfo.Create(SolutionId.CreateNewId(), VersionStamp.Default, solution.FilePath, projects));
    var current = workspace.CurrentSolution;
    var targets = loaded.Projects.Select(p => new ExtractionTarget(current.GetProject(p.Project.Id)!, p.ProjectName, p.Documents)).ToList();
    return (workspace, targets);
}
