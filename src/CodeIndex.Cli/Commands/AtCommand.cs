using System.CommandLine;
using System.Globalization;
using CodeIndex.Cli.Output;
using CodeIndex.Core.Errors;
using CodeIndex.Query;

namespace CodeIndex.Cli.Commands;

/// <summary><c>at &lt;file&gt;:&lt;line&gt;</c>: the symbols declared or referenced at a source line.</summary>
internal static class AtCommand
{
    public static Command Build()
    {
        var location = new Argument<string>("location") { Description = "file:line — the file relative to the repository root (or absolute), 1-based line." };
        var command = new Command("at", "The symbol declared or referenced at file:line.") { location };
        command.Options.Add(QueryOptionsBinder.Repo);
        CommandRunner.SetAction(command, async (context, parseResult, ct) =>
        {
            var (file, line) = Parse(parseResult.GetValue(location)!);
            await using var db = await Database.OpenAsync(context, ct).ConfigureAwait(false);
            var repo = await Database.ResolveRepositoryForFileAsync(db, parseResult.GetValue(QueryOptionsBinder.Repo), file, ct).ConfigureAwait(false);
            var found = await new LocationQuery(db.DataSource).AtAsync(repo.Id, repo.RelativePath, line, ct).ConfigureAwait(false);
            if (found.Count == 0 && !context.JsonOutput)
            {
                throw new UserInputException("symbol_not_found", $"No symbol is declared or referenced at {repo.RelativePath}:{line} in repository '{repo.Name}'.");
            }

            QueryPrinter.PrintSymbols(context, found, $"at {repo.RelativePath}:{line}");
            return 0;
        });
        return command;
    }

    internal static (string File, int Line) Parse(string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var line) || line < 1)
        {
            throw new UserInputException("invalid_location", $"Expected <file>:<line> with a line number ≥ 1, got '{value}'.");
        }

        return (value[..colon], line);
    }
}
