using System.CommandLine;
using CodeIndex.Cli.Output;
using CodeIndex.Core.Errors;
using CodeIndex.Query;

namespace CodeIndex.Cli.Commands;

/// <summary><c>query references &lt;symbol&gt;</c>: every site that uses a symbol (or an overload group), grouped by file, with its access.</summary>
internal static class ReferencesCommand
{
    private static readonly Option<string?> Access = new("--access")
    {
        Description = "Only these accesses, comma-separated: invoke, read, write, read_write, subscribe, unsubscribe, nameof, method_group, doc, reference.",
    };

    public static Command Build(Argument<string> symbolArgument)
    {
        var command = new Command("references", "Every site that uses the symbol — IDE \"Find All References\" from the index — grouped by file, with line, column and access.") { symbolArgument, Access };
        command.Options.Add(QueryOptionsBinder.Repo);
        command.Options.Add(QueryOptionsBinder.Limit);
        CommandRunner.SetAction(command, async (context, parseResult, ct) =>
        {
            var limit = QueryOptionsBinder.BindLimit(parseResult);
            var access = ParseAccess(parseResult.GetValue(Access));
            await using var db = await Database.OpenAsync(context, ct).ConfigureAwait(false);
            var repositoryId = await Database.ResolveRepositoryAsync(db, parseResult.GetValue(QueryOptionsBinder.Repo), ct).ConfigureAwait(false);
            var symbols = await new SymbolResolver(db.DataSource).ResolveGroupAsync(parseResult.GetValue(symbolArgument)!, repositoryId, ct).ConfigureAwait(false);
            var page = await new ReferenceQuery(db.DataSource).FindAsync(symbols, access, limit, ct).ConfigureAwait(false);
            Print(context, symbols, page);
            return 0;
        });
        return command;
    }

    /// <summary>Checks the names before the database is opened, so a typo gets its answer (exit 2, the valid names) at once.</summary>
    private static string[]? ParseAccess(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.FirstOrDefault(n => !Core.Model.SiteAccess.IsKnown(n));
        return unknown is null
            ? names
            : throw new UserInputException("invalid_access", $"Unknown access '{unknown}'. Valid accesses: {string.Join(", ", Core.Model.SiteAccess.All)}.");
    }

    private static void Print(CliContext context, IReadOnlyList<SymbolInfo> symbols, ReferencePage page)
    {
        var files = page.Sites.GroupBy(s => s.FilePath).Select(g => new
        {
            filePath = g.Key,
            count = g.Count(),
            sites = g.Select(s => new
            {
                line = s.Line,
                column = s.Column,
                access = s.Access,
                isImplicit = s.IsImplicit,
                isCandidate = s.IsCandidate,
                relationship = s.Relationship,
                target = s.TargetKey,
                source = ResultDto.From(s.Source),
            }).ToList(),
        }).ToList();
        var implementations = page.Implementations.Select(i => new { relationship = i.Relationship, target = i.TargetKey, member = ResultDto.From(i.Member) }).ToList();
        if (context.JsonOutput)
        {
            context.Output.WriteJson(files, new Dictionary<string, object?>
            {
                ["query"] = "references",
                ["symbol"] = ResultDto.From(symbols[0]),
                ["overloads"] = symbols.Count > 1 ? symbols.Select(ResultDto.From).ToList() : null,
                ["sites"] = page.Sites.Count,
                ["truncated"] = page.Truncated,
                ["implementations"] = implementations,
            });
            return;
        }

        Console.Out.WriteLine($"references of {QueryPrinter.Describe(symbols)}: {page.Sites.Count} site(s) in {files.Count} file(s){(page.Truncated ? " (truncated: raise --limit)" : "")}");
        foreach (var file in files)
        {
            Console.Out.WriteLine($"{file.filePath} ({file.count})");
            foreach (var site in file.sites)
            {
                var flags = (site.isImplicit ? " implicit" : "") + (site.isCandidate ? " candidate" : "");
                var reaches = symbols.Count > 1 ? $"  → {site.target}" : "";
                Console.Out.WriteLine($"  {site.line}:{site.column}  {site.access ?? "?",-12} {site.source.QualifiedName}{flags}{reaches}");
            }
        }

        if (implementations.Count > 0)
        {
            Console.Out.WriteLine($"overridden or implemented by ({implementations.Count})");
            foreach (var i in implementations)
            {
                Console.Out.WriteLine($"  {i.relationship,-10} {i.member.QualifiedName}  {i.member.Location}");
            }
        }
    }
}
