using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CodeIndex.Changes;
using CodeIndex.Cli.Output;
using CodeIndex.Core.Errors;
using CodeIndex.Query;

namespace CodeIndex.Cli.Commands;

/// <summary>
/// <c>query impact --changed &lt;base&gt;..&lt;head&gt;</c> (or <c>--files</c>): the declarations a diff changes (Changes:
/// LibGit2Sharp + Roslyn syntax), located in the base and head indexes, and everything that depends on them
/// (<see cref="ChangeImpactQuery"/>), by project with the test projects called out; text, <c>--json</c> or <c>--format markdown</c>.
/// </summary>
internal static class ChangeImpactCommand
{
    public static readonly Option<string?> Changed = new("--changed")
    {
        Description = "A git revision range: <base>..<head> (two revisions), <base>...<head> (from their merge base) or <base> (base against the working tree).",
    };

    public static readonly Option<string[]> Files = new("--files")
    {
        Description = "Changed files instead of a revision range: every declaration in them counts as changed (head index only).",
        AllowMultipleArgumentsPerToken = true,
    };

    public static readonly Option<string> Format = new("--format")
    {
        Description = "text (default) or markdown (a pull-request comment); --json for JSON.",
        DefaultValueFactory = _ => "text",
    };

    public static readonly Option<string?> Root = new("--root")
    {
        Description = "The git working tree of the repository (default: the current directory).",
    };

    public static void AddTo(Command command)
    {
        Format.AcceptOnlyFromAmong("text", "markdown");
        command.Options.Add(Changed);
        command.Options.Add(Files);
        command.Options.Add(Format);
        command.Options.Add(Root);
    }

    public static async Task<int> RunAsync(CliContext context, ParseResult parseResult, QueryOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var range = parseResult.GetValue(Changed);
        var files = parseResult.GetValue(Files) ?? [];
        if (range is not null && files.Length > 0)
        {
            throw new UserInputException("invalid_option", "Pass either --changed <base>..<head> or --files, not both.");
        }

        using var git = GitRepository.Open(parseResult.GetValue(Root) ?? Environment.CurrentDirectory);

        // The database opens (migration check, first connection) on the pool while git diffs and Roslyn parses here.
        var opening = Task.Run(() => Database.OpenAsync(context, ct), ct);
        IReadOnlyList<ChangedDeclaration> declarations;
        ChangeSet? set = null;
        string? baseCommit = null, headCommit = null;
        double diffMs = 0, parseMs = 0;
        try
        {
            (declarations, set, baseCommit, headCommit, diffMs, parseMs) = Declarations(git, range, files, ct);
        }
        catch
        {
            _ = opening.ContinueWith(t => t.Result.DisposeAsync(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }

        await using var db = await opening.ConfigureAwait(false);
        var dbReadyMs = clock.Elapsed.TotalMilliseconds; // since the start: the open overlaps the git and Roslyn work
        var notices = new List<string>();
        long? baseRepo = null, headRepo = null;
        string? baseName = null, headName = null;
        if (baseCommit is not null)
        {
            if (await db.Repositories.FindRevisionAsync(git.Root, baseCommit, ct).ConfigureAwait(false) is { } b)
            {
                (baseRepo, baseName) = (b.Id, b.Name);
            }
            else
            {
                notices.Add($"No index of the base revision {baseCommit[..12]}: what depended on deleted or modified members is read from head alone (deleted members' former callers are missing). To fix this, run 'codeindex index --revision {baseCommit[..12]}' first.");
            }
        }


        (headRepo, headName) = await HeadIndexAsync(db, git, headCommit, notices, ct).ConfigureAwait(false);
        if (headRepo is null && baseRepo is null)
        {
            throw new UserInputException("repository_not_indexed", $"Neither side of the change is indexed. To fix this, run 'codeindex index {git.Root}' (the working tree){(headCommit is null ? "" : $" or 'codeindex index --revision {headCommit[..12]}'")}.");
        }

        var queryClock = Stopwatch.StartNew();
        var impact = await new ChangeImpactQuery(db.DataSource).AnalyzeAsync(baseRepo, headRepo, declarations, options, ct).ConfigureAwait(false);
        var queryMs = queryClock.Elapsed.TotalMilliseconds;
        if (set is { UnchangedTouched: > 0 })
        {
            notices.Add($"{set.UnchangedTouched} touched declaration(s) differ only in comments or whitespace: not changed.");
        }

        if (impact.Truncated)
        {
            notices.Add($"More dependents exist than --limit {options.Limit} (or beyond --depth {options.Depth}): the list is cut.");
        }

        foreach (var missing in impact.Changed.Where(c => c.Head is null && c.Base is null))
        {
            notices.Add($"{missing.Declaration.Change} {missing.Declaration.Key} is in no index (not compiled by an indexed project, or the index is older than the change).");
        }

        var report = new Report(range, baseCommit, headCommit, baseName, headName, set?.Files ?? files.Length, impact, notices, clock.Elapsed);
        foreach (var notice in notices)
        {
            context.Output.Notice("notice: " + notice);
        }

        if (context.JsonOutput)
        {
            context.Output.WriteJson(impact.Impacted.Select(i => ResultDto.From(i.Result) with { }).Zip(impact.Impacted, (r, i) => new { r.SymbolKey, handle = i.Result.Symbol.Handle, r.Name, r.QualifiedName, r.Kind, r.FilePath, r.Line, r.Project, r.Depth, path = i.Result.PathHandles ?? i.Result.Path, r.Via, sides = i.Sides, inTestProject = i.InTestProject }).ToList(),
                new Dictionary<string, object?>
                {
                    ["range"] = range,
                    ["base"] = new { commit = baseCommit, index = baseName },
                    ["head"] = new { commit = headCommit ?? "(working tree)", index = headName },
                    ["changed"] = impact.Changed.Select(c => new
                    {
                        change = c.Declaration.Change,
                        declaration = c.Declaration.Key,
                        kind = c.Declaration.Kind,
                        file = c.Declaration.HeadFile ?? c.Declaration.BaseFile,
                        line = c.Declaration.HeadLine ?? c.Declaration.BaseLine,
                        handle = (c.Head ?? c.Base)?.Handle,
                        project = (c.Head ?? c.Base)?.Project,
                    }).ToList(),
                    ["projects"] = impact.Impacted.GroupBy(i => i.Result.Symbol.Project, StringComparer.Ordinal)
                        .Select(g => new { project = g.Key, isTest = g.First().InTestProject, symbols = g.Count(), files = g.Select(i => i.Result.Symbol.FilePath).OfType<string>().Distinct().Count() }).ToList(),
                    ["testProjects"] = impact.TestProjects,
                    ["truncated"] = impact.Truncated,
                    ["ms"] = (long)clock.Elapsed.TotalMilliseconds,
                    ["phases"] = new { dbReadyMs = (long)dbReadyMs, diffMs = (long)diffMs, parseMs = (long)parseMs, queryMs = (long)queryMs },
                });
        }
        else
        {
            Console.Out.Write(parseResult.GetValue(Format) == "markdown" ? report.Markdown() : report.Text());
        }

        return ExitCodes.Success;
    }

    /// <summary>The changed declarations of a revision range (git + Roslyn syntax), or every declaration of the given files.</summary>
    private static (IReadOnlyList<ChangedDeclaration>, ChangeSet?, string?, string?, double DiffMs, double ParseMs) Declarations(GitRepository git, string? range, string[] files, CancellationToken ct)
    {
        if (range is not null)
        {
            var (baseCommit, headCommit) = ParseRange(git, range);
            var clock = Stopwatch.StartNew();
            var diff = git.Diff(baseCommit, headCommit);
            var diffMs = clock.Elapsed.TotalMilliseconds;
            var set = ChangeDetector.Detect(diff, p => git.Read(baseCommit, p), p => git.Read(headCommit, p), ct);
            var declarations = set.Changes.Select(c => new ChangedDeclaration(c.Change, c.Either.Key, c.Either.Kind, c.Either.Name,
                c.BasePath, c.Base?.Line, c.Base?.StartLine, c.HeadPath, c.Head?.Line, c.Head?.StartLine)).ToList();
            return (declarations, set, baseCommit, headCommit, diffMs, clock.Elapsed.TotalMilliseconds - diffMs);
        }

        if (files.Length == 0)
        {
            throw new UserInputException("symbol_not_found", "query impact needs a symbol, --changed <base>..<head> or --files <file>...");
        }

        var all = files.SelectMany(f =>
        {
            var relative = Path.GetRelativePath(git.Root, Path.GetFullPath(f)).Replace('\\', '/');
            var text = git.Read(null, relative) ?? throw new UserInputException("path_not_found", $"'{f}' does not exist in {git.Root}.");
            return DeclarationReader.Read(text, ct).Select(d => new ChangedDeclaration("modified", d.Key, d.Kind, d.Name, null, null, null, relative, d.Line, d.StartLine));
        }).ToList();
        return (all, null, null, null, 0, 0);
    }

    private static (string Base, string? Head) ParseRange(GitRepository git, string range)
    {
        var threeDots = range.Split("...", 2);
        if (threeDots.Length == 2)
        {
            var head = git.ResolveCommit(threeDots[1]);
            return (git.MergeBase(git.ResolveCommit(threeDots[0]), head), head);
        }

        var twoDots = range.Split("..", 2);
        return twoDots.Length == 2
            ? (git.ResolveCommit(twoDots[0]), git.ResolveCommit(twoDots[1].Length == 0 ? "HEAD" : twoDots[1]))
            : (git.ResolveCommit(range), null);
    }

    private static async Task<(long?, string?)> HeadIndexAsync(Database db, GitRepository git, string? headCommit, List<string> notices, CancellationToken ct)
    {
        if (headCommit is not null && await db.Repositories.FindRevisionAsync(git.Root, headCommit, ct).ConfigureAwait(false) is { } revision)
        {
            return (revision.Id, revision.Name);
        }

        if (headCommit is null || headCommit == git.HeadCommit)
        {
            if (await db.Repositories.FindAsync(git.Root, ct).ConfigureAwait(false) is { IndexedAt: not null } tree)
            {
                return (tree.Id, tree.Name);
            }
        }

        notices.Add(headCommit is null
            ? $"The working tree {git.Root} is not indexed: the head side is missing. To fix this, run 'codeindex index {git.Root}'."
            : $"No index of the head revision {headCommit[..12]}: the head side is missing. To fix this, run 'codeindex index --revision {headCommit[..12]}' (or index the working tree with it checked out).");
        return (null, null);
    }

    private sealed record Report(string? Range, string? Base, string? Head, string? BaseIndex, string? HeadIndex, int Files, ChangeImpact Impact, IReadOnlyList<string> Notices, TimeSpan Time)
    {
        public string Text()
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"change impact of {Range ?? "the given files"}: {Impact.Changed.Count} changed declaration(s) in {Files} file(s), {Impact.Impacted.Count} dependent symbol(s)\n");
            foreach (var c in Impact.Changed)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {c.Declaration.Change,-8} {c.Declaration.Key}  {c.Declaration.HeadFile ?? c.Declaration.BaseFile}:{c.Declaration.HeadLine ?? c.Declaration.BaseLine}\n");
            }

            foreach (var project in Impact.Impacted.GroupBy(i => i.Result.Symbol.Project, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"project {project.Key}{(project.First().InTestProject ? " (test project)" : "")}: {project.Count()} symbol(s)\n");
                foreach (var i in project)
                {
                    text.Append(CultureInfo.InvariantCulture, $"  d{i.Result.Depth} {i.Result.Symbol.QualifiedName}  {SymbolLocation(i.Result.Symbol)}{(i.Sides.Count == 1 && i.Sides[0] == "base" ? "  (base only)" : "")}\n");
                }
            }

            text.Append(CultureInfo.InvariantCulture, $"test projects affected: {(Impact.TestProjects.Count == 0 ? "none" : string.Join(", ", Impact.TestProjects))}\n");
            return text.ToString();
        }

        public string Markdown()
        {
            var md = new StringBuilder();
            md.Append("### CodeIndex: change impact\n\n");
            md.Append(CultureInfo.InvariantCulture, $"`{Range ?? "files"}` — **{Impact.Changed.Count}** changed declaration(s) in {Files} file(s), **{Impact.Impacted.Count}** dependent symbol(s)");
            md.Append(Impact.TestProjects.Count == 0 ? "; no test project depends on the change.\n\n" : $"; test projects to run: {string.Join(", ", Impact.TestProjects.Select(t => $"**{t}**"))}.\n\n");
            if (Impact.Changed.Count > 0)
            {
                md.Append("| change | declaration | where |\n|---|---|---|\n");
                foreach (var c in Impact.Changed)
                {
                    md.Append(CultureInfo.InvariantCulture, $"| {c.Declaration.Change} | `{c.Declaration.Key}` | {c.Declaration.HeadFile ?? c.Declaration.BaseFile}:{c.Declaration.HeadLine ?? c.Declaration.BaseLine} |\n");
                }

                md.Append('\n');
            }

            if (Impact.Impacted.Count > 0)
            {
                md.Append("| project | test | dependents | files |\n|---|---|---:|---:|\n");
                foreach (var project in Impact.Impacted.GroupBy(i => i.Result.Symbol.Project, StringComparer.Ordinal))
                {
                    md.Append(CultureInfo.InvariantCulture, $"| {project.Key} | {(project.First().InTestProject ? "yes" : "")} | {project.Count()} | {project.Select(i => i.Result.Symbol.FilePath).OfType<string>().Distinct().Count()} |\n");
                }

                md.Append("\n<details><summary>Dependent symbols</summary>\n\n");
                foreach (var i in Impact.Impacted)
                {
                    md.Append(CultureInfo.InvariantCulture, $"- `{i.Result.Symbol.QualifiedName}` ({i.Result.Symbol.Project}, {SymbolLocation(i.Result.Symbol)}, depth {i.Result.Depth}{(i.Sides.Count == 1 && i.Sides[0] == "base" ? ", before the change" : "")})\n");
                }

                md.Append("\n</details>\n");
            }

            foreach (var notice in Notices)
            {
                md.Append("\n> ").Append(notice).Append('\n');
            }

            md.Append(CultureInfo.InvariantCulture, $"\n<sub>base {Base?[..12] ?? "–"} ({BaseIndex ?? "no index"}), head {Head?[..12] ?? "working tree"} ({HeadIndex ?? "no index"}); {Time.TotalMilliseconds:0} ms</sub>\n");
            return md.ToString();
        }

        private static string SymbolLocation(SymbolInfo s) => s.FilePath is null ? "(external)" : $"{s.FilePath}:{s.Line}";
    }
}
