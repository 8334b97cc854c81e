using System.CommandLine;
using CodeIndex.Cli.Output;
using CodeIndex.Query;

namespace CodeIndex.Cli.Commands;

/// <summary><c>query callers|callees|hierarchy|impact|path</c>: recursive relationship queries.</summary>
internal static class QueryCommands
{
    private static readonly Argument<string> SymbolArgument = new("symbol")
    {
        Description = "A symbol key (M:Ns.Type.Method(System.Int32)), a qualified name or a short name.",
    };

    public static Command Build()
    {
        var query = new Command("query", "Recursive relationship queries over the symbol graph.");
        query.Subcommands.Add(BuildWalk("callers", "Who calls the symbol (or every overload it names), transitively (static calls edges).", (q, ids, o, ct) => q.CallersAsync(ids, o, ct)));
        query.Subcommands.Add(BuildWalk("callees", "What the symbol (or every overload it names) calls, transitively.", (q, ids, o, ct) => q.CalleesAsync(ids, o, ct)));
        query.Subcommands.Add(BuildHierarchy());
        query.Subcommands.Add(BuildImpact());
        query.Subcommands.Add(BuildPath());
        query.Subcommands.Add(ReferencesCommand.Build(SymbolArgument));
        return query;
    }

    private static Command BuildWalk(string name, string description, Func<RelationshipQuery, IReadOnlyList<long>, QueryOptions, CancellationToken, Task<QueryPage>> run)
    {
        var command = new Command(name, description) { SymbolArgument };
        QueryOptionsBinder.AddCommon(command);
        command.Options.Add(QueryOptionsBinder.Dispatch);
        CommandRunner.SetAction(command, async (context, parseResult, ct) =>
        {
            var options = QueryOptionsBinder.Bind(parseResult, context, parseResult.GetValue(QueryOptionsBinder.Dispatch));
            await using var db = await Database.OpenAsync(context, ct).ConfigureAwait(false);
            var repositoryId = await Database.ResolveRepositoryAsync(db, parseResult.GetValue(QueryOptionsBinder.Repo), ct).ConfigureAwait(false);
            var symbols = await new SymbolResolver(db.DataSource).ResolveGroupAsync(parseResult.GetValue(SymbolArgument)!, repositoryId, ct).ConfigureAwait(false);
            var page = await run(new RelationshipQuery(db.DataSource), [.. symbols.Select(s => s.Id)], options, ct).ConfigureAwait(false);
            QueryPrinter.Print(context, name, symbols, page);
            return 0;
        });
        return command;
    }

    private static Command BuildHierarchy()
    {
        var up = new Option<bool>("--up") { Description = "Base types and implemented interfaces only." };
        var down = new Option<bool>("--down") { Description = "Derived types and implementors only." };
        var command = new Command("hierarchy", "The type hierarchy of a type (extends/implements), up and down by default.") { SymbolArgument, up, down };
        QueryOptionsBinder.AddCommon(command);
        CommandRunner.SetAction(command, async (context, parseResult, ct) =>
        {
            var options = QueryOptionsBinder.Bind(parseResult, context);
            var direction = (parseResult.GetValue(up), parseResult.GetValue(down)) switch
            {
                (true, false) => HierarchyDirection.Up,
                (false, true) => HierarchyDirection.Down,
                _ => HierarchyDirection.Both,
            };
            await using var db = await Database.OpenAsync(context, ct).ConfigureAwait(false);
            var repositoryId = await Database.ResolveRepositoryAsync(db, parseResult.GetValue(QueryOptionsBinder.Repo), ct).ConfigureAwait(false);
            var symbol = await new SymbolResolver(db.DataSource).ResolveAsync(parseResult.GetValue(SymbolArgument)!, repositoryId, ct).ConfigureAwait(false);
            var page = await new RelationshipQuery(db.DataSource).HierarchyAsync(symbol.Id, direction, options, ct).ConfigureAwait(false);
            QueryPrinter.Print(context, "hierarchy", [symbol], page);
            return 0;
        });
        return command;
    }

    private static Command BuildImpact()
    {
        var symbol = new Argument<string?>("symbol")
        {
            Description = "A symbol key, handle, qualified or short name; or none with --changed / --files.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("impact", "Everything that transitively depends on the symbol (any edge kind but contains), grouped by project and file; or on what a diff changed (--changed base..head, --files).") { symbol };
        QueryOptionsBinder.AddCommon(command);
        ChangeImpactCommand.AddTo(command);
        CommandRunner.SetAction(command, async (context, parseResult, ct) =>
        {
            var options = QueryOptionsBinder.Bind(parseResult, context);
            if (parseResult.GetValue(symbol) is null)
            {
                return await ChangeImpactCommand.RunAsync(context, parseResult, options, ct).ConfigureAwait(false);
            }

            if (parseResult.GetValue(ChangeImpactCommand.Changed) is not null || parseResult.GetValue(ChangeImpactCommand.Files) is { Length: > 0 })
            {
                throw new Core.Errors.UserInputException("invalid_option", "Pass a symbol, or --changed / --files, not both.");
            }

            await using var db = await Database.OpenAsync(context, ct).ConfigureAwait(false);
            var repositoryId = await Database.ResolveRepositoryAsync(db, parseResult.GetValue(QueryOptionsBinder.Repo), ct).ConfigureAwait(false);
            var symbols = await new SymbolResolver(db.DataSource).ResolveGroupAsync(parseResult.GetValue(symbol)!, repositoryId, ct).ConfigureAwait(false);
            var page = await new RelationshipQuery(db.DataSource).ImpactAsync([.. symbols.Select(s => s.Id)], options, ct).ConfigureAwait(false);
            QueryPrinter.PrintImpact(context, symbols, page);
            return 0;
        });
        return command;
    }

    private static Command BuildPath()
    {
        var from = new Argument<string>("from") { Description = "Start symbol (caller side)." };
        var to = new Argument<string>("to") { Description = "End symbol (callee side)." };
        var command = new Command("path", "A shortest call path from one symbol to another.") { from, to };
        QueryOptionsBinder.AddCommon(command);
        command.Options.Add(QueryOptionsBinder.Dispatch);
        CommandRunner.SetAction(command, async (context, parseResult, ct) =>
        {
            var options = QueryOptionsBinder.Bind(parseResult, context, parseResult.GetValue(QueryOptionsBinder.Dispatch));
            await using var db = await Database.OpenAsync(context, ct).ConfigureAwait(false);
            var repositoryId = await Database.ResolveRepositoryAsync(db, parseResult.GetValue(QueryOptionsBinder.Repo), ct).ConfigureAwait(false);
            var resolver = new SymbolResolver(db.DataSource);
            var starts = await resolver.ResolveGroupAsync(parseResult.GetValue(from)!, repositoryId, ct).ConfigureAwait(false);
            var ends = await resolver.ResolveGroupAsync(parseResult.GetValue(to)!, repositoryId, ct).ConfigureAwait(false);
            var page = await new RelationshipQuery(db.DataSource).PathAsync([.. starts.Select(s => s.Id)], [.. ends.Select(s => s.Id)], options, ct).ConfigureAwait(false);
            if (page.Results.Count == 0)
            {
                context.Output.Notice($"No call path from {starts[0].QualifiedName} to {ends[0].QualifiedName} within depth {options.Depth}.");
            }

            QueryPrinter.Print(context, "path", starts, page);
            return 0;
        });
        return command;
    }
}
