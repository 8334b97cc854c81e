using CodeIndex.Query;

namespace CodeIndex.Cli.Output;

/// <summary>Prints query pages as a table or as the JSON contract.</summary>
internal static class QueryPrinter
{
    /// <summary>A query page from <paramref name="starts"/>: one symbol, or an overload group (each result's path begins at the overload it reaches).</summary>
    public static void Print(CliContext context, string query, IReadOnlyList<SymbolInfo> starts, QueryPage page)
    {
        var start = starts[0];
        var results = page.Results.Select(ResultDto.From).ToList();
        if (context.JsonOutput)
        {
            context.Output.WriteJson(results, new Dictionary<string, object?>
            {
                ["query"] = query,
                ["symbol"] = ResultDto.From(start),
                ["overloads"] = starts.Count > 1 ? starts.Select(ResultDto.From).ToList() : null,
                ["depth"] = page.DepthUsed,
                ["truncated"] = page.Truncated,
            });
            return;
        }

        Console.Out.WriteLine($"{query} of {Describe(starts)}: {results.Count} result(s){(page.Truncated ? " (truncated: raise --limit)" : "")}");
        if (results.Count == 0)
        {
            return;
        }

        if (starts.Count > 1)
        {
            Console.Out.Write(TableWriter.Render(
                ["depth", "kind", "symbol", "location", "via", "reaches"],
                results.Select(r => (IReadOnlyList<string?>)[r.Depth?.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Kind, r.QualifiedName, r.Location, r.Via, r.Path?.FirstOrDefault()])));
            return;
        }

        Console.Out.Write(TableWriter.Render(
            ["depth", "kind", "symbol", "location", "via"],
            results.Select(r => (IReadOnlyList<string?>)[r.Depth?.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Kind, r.QualifiedName, r.Location, r.Via])));
    }

    /// <summary>"Ns.T.M (method, file:line)" or "Ns.T.Parse (3 overloads)".</summary>
    public static string Describe(IReadOnlyList<SymbolInfo> starts) =>
        starts.Count > 1
            ? $"{starts[0].QualifiedName} ({starts.Count} overloads)"
            : $"{starts[0].QualifiedName} ({starts[0].Kind}, {ResultDto.From(starts[0]).Location})";

    public static void PrintImpact(CliContext context, IReadOnlyList<SymbolInfo> starts, QueryPage page)
    {
        var start = starts[0];
        var results = page.Results.Select(ResultDto.From).ToList();
        var byProject = results.GroupBy(r => r.Project).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new
            {
                project = g.Key,
                count = g.Count(),
                files = g.GroupBy(r => r.FilePath ?? "(external)").OrderBy(f => f.Key, StringComparer.Ordinal)
                    .Select(f => new { filePath = f.Key, count = f.Count(), symbols = f.Select(r => r.SymbolKey).ToList() }).ToList(),
            }).ToList();
        if (context.JsonOutput)
        {
            context.Output.WriteJson(results, new Dictionary<string, object?>
            {
                ["query"] = "impact",
                ["symbol"] = ResultDto.From(start),
                ["overloads"] = starts.Count > 1 ? starts.Select(ResultDto.From).ToList() : null,
                ["depth"] = page.DepthUsed,
                ["truncated"] = page.Truncated,
                ["groups"] = byProject,
            });
            return;
        }

        Console.Out.WriteLine($"impact of {Describe(starts)}: {results.Count} dependent symbol(s) in {byProject.Count} project(s){(page.Truncated ? " (truncated: raise --limit)" : "")}");
        foreach (var project in byProject)
        {
            Console.Out.WriteLine($"{project.project} ({project.count})");
            foreach (var file in project.files)
            {
                Console.Out.WriteLine($"  {file.filePath} ({file.count})");
                foreach (var r in results.Where(r => r.Project == project.project && (r.FilePath ?? "(external)") == file.filePath))
                {
                    Console.Out.WriteLine($"    [{r.Depth}] {r.Kind,-12} {r.QualifiedName}{(r.Line is null ? "" : $"  :{r.Line}")}  via {r.Via}");
                }
            }
        }
    }

    public static void PrintSymbols(CliContext context, IReadOnlyList<SymbolInfo> symbols, string title)
    {
        var results = symbols.Select(ResultDto.From).ToList();
        if (context.JsonOutput)
        {
            context.Output.WriteJson(results);
            return;
        }

        Console.Out.WriteLine($"{title}: {results.Count} result(s)");
        if (results.Count > 0)
        {
            Console.Out.Write(TableWriter.Render(
                ["kind", "symbol", "location", "project"],
                results.Select(r => (IReadOnlyList<string?>)[r.Kind, r.QualifiedName, r.Location, r.Project])));
        }
    }
}
