using System.CommandLine;
using CodeIndex.Cli.Output;
using CodeIndex.Query;

namespace CodeIndex.Cli.Commands;

/// <summary><c>symbols &lt;pattern&gt;</c>: find symbols by name — exact matches first, then prefix, then substring.</summary>
internal static class SymbolsCommand
{
    public static Command Build()
    {
        var pattern = new Argument<string>("pattern") { Description = "Name, qualified name or part of one (case-insensitive; % and _ are literal)." };
        var command = new Command("symbols", "Find symbols by name: exact matches first, then prefix, then substring.") { pattern };
        command.Options.Add(QueryOptionsBinder.Repo);
        command.Options.Add(QueryOptionsBinder.Limit);
        CommandRunner.SetAction(command, async (context, parseResult, ct) =>
        {
            var text = parseResult.GetValue(pattern)!;
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new Core.Errors.UserInputException("empty_pattern", "The pattern is empty: pass part of a symbol name.");
            }

            var limit = QueryOptionsBinder.BindLimit(parseResult);
            await using var db = await Database.OpenAsync(context, ct).ConfigureAwait(false);
            var repositoryId = await Database.ResolveRepositoryAsync(db, parseResult.GetValue(QueryOptionsBinder.Repo), ct).ConfigureAwait(false);
            var found = await new SymbolSearch(db.DataSource).FindAsync(text, repositoryId, limit, ct).ConfigureAwait(false);
            QueryPrinter.PrintSymbols(context, found, $"symbols matching '{text}'");
            return 0;
        });
        return command;
    }
}
