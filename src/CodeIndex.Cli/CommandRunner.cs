using System.CommandLine;
using CodeIndex.Core.Errors;
using Npgsql;

namespace CodeIndex.Cli;

/// <summary>Runs a command body and turns every failure into an actionable message and the right exit code (never a stack trace unless --verbose).</summary>
internal static class CommandRunner
{
    public static void SetAction(Command command, Func<CliContext, ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, body, cancellationToken));

    private static async Task<int> RunAsync(
        ParseResult parseResult,
        Func<CliContext, ParseResult, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken)
    {
        using var context = CliContext.From(parseResult);
        try
        {
            return await body(context, parseResult, cancellationToken).ConfigureAwait(false);
        }
        catch (CodeIndexException ex)
        {
            context.Output.WriteError(ex.Code, ex.Message);
            WriteDetail(context, ex);
            return ex.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Output.WriteError("cancelled", "Cancelled; nothing was written (the index keeps its previous state).");
            return 130;
        }
        catch (PostgresException ex)
        {
            context.Output.WriteError("database_error", $"PostgreSQL reported {ex.SqlState}: {ex.MessageText}. The index keeps its previous state.");
            WriteDetail(context, ex);
            return ExitCodes.Failure;
        }
        catch (NpgsqlException ex)
        {
            context.Output.WriteError("database_error", $"Database error: {ex.Message}. Check --db / CODEINDEX_DB or run 'codeindex db status'.");
            WriteDetail(context, ex);
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Output.WriteError("io_error", ex.Message);
            WriteDetail(context, ex);
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            context.Output.WriteError("internal_error", $"Unexpected error: {ex.Message} (run with --verbose for details; please report it).");
            WriteDetail(context, ex);
            return ExitCodes.Failure;
        }
    }

    private static void WriteDetail(CliContext context, Exception ex)
    {
        if (context.Verbose)
        {
            Console.Error.WriteLine(ex.ToString());
        }
    }
}
