using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CodeIndex.Benchmarks.Support;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeIndex.Benchmarks.Serving;

/// <summary>
/// <c>impact &lt;git root&gt;</c>: <c>query impact --changed HEAD</c> over a diff of <c>--files</c> seeded files of a real
/// repository (one statement added to the first method body of each), against the index of HEAD (<c>index --revision HEAD</c>,
/// built first when missing) and the index of the working tree. Times the whole command (process start included) and the
/// command's own figure; the edits are reverted afterwards with git.
/// </summary>
internal static class ImpactBenchmark
{
    public static async Task RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(args.Positional.Count > 0 ? args.Positional[0] : throw new ArgumentException("impact needs a git root: impact <dir> [--files 20]"));
        var fileCount = args.Int("--files", 20);
        var seed = args.Int("--seed", 1);
        var runs = args.Int("--runs", 5);
        var db = args.Text("--db");
        args.RejectUnknown();

        var cli = Path.Combine(AppContext.BaseDirectory, "codeindex.dll");
        string[] dbArgs = db is null ? [] : ["--db", db];
        var repos = await RunAsync("dotnet", root, [cli, .. dbArgs, "repos", "--json"], cancellationToken).ConfigureAwait(false);
        var head = (await RunAsync("git", root, ["rev-parse", "HEAD"], cancellationToken).ConfigureAwait(false)).Stdout.Trim();
        if (!repos.Stdout.Contains($"@{head[..12]}\"", StringComparison.Ordinal))
        {
            var clock = Stopwatch.StartNew();
            var index = await RunAsync("dotnet", root, [cli, .. dbArgs, "index", root, "--revision", "HEAD", "--no-embed", "--json"], cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"indexed HEAD {head[..12]} as a revision in {clock.Elapsed.TotalSeconds:F1} s (exit {index.Code})");
        }

        var candidates = (await RunAsync("git", root, ["ls-files", "*.cs"], cancellationToken).ConfigureAwait(false)).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(f => f.StartsWith("src/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(candidates));
        var edited = new List<string>();
        try
        {
            foreach (var file in candidates)
            {
                if (edited.Count == fileCount)
                {
                    break;
                }

                var full = Path.Combine(root, file);
                var text = await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false);
                var method = CSharpSyntaxTree.ParseText(text, cancellationToken: cancellationToken).GetRoot(cancellationToken)
                    .DescendantNodes().OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Body is { Statements.Count: > 0 });
                if (method is null)
                {
                    continue;
                }

                var at = method.Body!.OpenBraceToken.Span.End;
                await File.WriteAllTextAsync(full, text[..at] + " System.GC.KeepAlive(null);" + text[at..], cancellationToken).ConfigureAwait(false);
                edited.Add(file);
            }

            var times = new List<double>();
            var own = new List<double>();
            JsonElement last = default;
            for (var i = 0; i < runs + 1; i++)
            {
                var clock = Stopwatch.StartNew();
                var result = await RunAsync("dotnet", root, [cli, .. dbArgs, "query", "impact", "--changed", "HEAD", "--root", root, "--depth", "5", "--limit", "1000", "--json"], cancellationToken).ConfigureAwait(false);
                var elapsed = clock.Elapsed.TotalMilliseconds;
                if (result.Code != 0)
                {
                    throw new InvalidOperationException($"query impact failed: {result.Stdout}{result.Stderr}");
                }

                last = JsonDocument.Parse(result.Stdout).RootElement.Clone();
                if (i > 0)
                {
                    times.Add(elapsed);
                    own.Add(last.GetProperty("ms").GetDouble());
                }
            }

            var phases = last.GetProperty("phases");
            var table = new Table("case", "files", "changed decls", "dependents", "runs", "p50 (process)", "max (process)", "p50 (command's own)", "last run: database ready at / diff / parse / query", "load avg");
            table.Add("query impact --changed HEAD (working tree)", edited.Count, last.GetProperty("changed").GetArrayLength(), last.GetProperty("results").GetArrayLength(), runs,
                Table.Ms(Percentiles.Of(times, 50)), Table.Ms(times.Max()), Table.Ms(Percentiles.Of(own, 50)),
                string.Join(" / ", new[] { "dbReadyMs", "diffMs", "parseMs", "queryMs" }.Select(p => phases.GetProperty(p).GetInt64() + " ms")), MachineFacts.LoadAverage());
            table.Print($"Change impact of a {edited.Count}-file diff (depth 5, limit 1000; target < 2 s, indexing aside)");
        }
        finally
        {
            if (edited.Count > 0)
            {
                await RunAsync("git", root, ["checkout", "--", .. edited], CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string file, string directory, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
