using System.CommandLine;
using CodeIndex.Cli.Commands;
using CodeIndex.Core.Errors;

namespace CodeIndex.Cli;

/// <summary>Builds the command tree and maps parse errors to exit code 2.</summary>
internal static class CliApp
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("CodeIndex: index C# repositories into PostgreSQL and query their symbol graph.");
        GlobalOptions.AddTo(root);
        root.Subcommands.Add(IndexCommand.Build());
        root.Subcommands.Add(WatchCommand.Build());
        root.Subcommands.Add(StatusCommand.Build());
        root.Subcommands.Add(McpCommand.Build());
        root.Subcommands.Add(QueryCommands.Build());
        root.Subcommands.Add(SymbolsCommand.Build());
        root.Subcommands.Add(SearchCommand.Build());
        root.Subcommands.Add(AtCommand.Build());
        root.Subcommands.Add(ReposCommand.Build());
        root.Subcommands.Add(ReposCommand.BuildRemove());
        root.Subcommands.Add(DbCommand.Build());
        root.Subcommands.Add(ChromaCommand.Build());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var root = BuildRoot();
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            var json = args.Contains("--json", StringComparer.Ordinal);
            var message = string.Join("; ", parseResult.Errors.Select(e => e.Message)) + " (see --help)";
            new Output.OutputWriter(json, quiet: false).WriteError("usage", message);
            return ExitCodes.Usage;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        return await parseResult.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellation.Token)
            .ConfigureAwait(false);
    }
}
