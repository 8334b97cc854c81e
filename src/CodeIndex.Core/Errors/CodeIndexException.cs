namespace CodeIndex.Core.Errors;

/// <summary>An error with an actionable message for the user and the process exit code it maps to (no stack trace is printed).</summary>
public class CodeIndexException : Exception
{
    public CodeIndexException(string code, string message, int exitCode, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        ExitCode = exitCode;
    }

    /// <summary>Stable machine-readable code, e.g. <c>path_not_found</c>; appears as <c>error.code</c> in <c>--json</c> output.</summary>
    public string Code { get; }

    /// <summary>1 = failure (nothing indexed, database error); 2 = bad usage / not found / ambiguous.</summary>
    public int ExitCode { get; }

    /// <summary>Machine-readable details beside the message (e.g. <c>candidates</c> of an ambiguous name, <c>nearest</c> names), for JSON answers.</summary>
    public IReadOnlyDictionary<string, object?>? Details { get; init; }
}

/// <summary>Bad input from the user (wrong path, unknown symbol, invalid option): exit code 2.</summary>
public sealed class UserInputException(string code, string message, Exception? inner = null)
    : CodeIndexException(code, message, ExitCodes.Usage, inner);

/// <summary>The work could not be done (database unreachable, nothing could be indexed): exit code 1.</summary>
public sealed class OperationFailedException(string code, string message, Exception? inner = null)
    : CodeIndexException(code, message, ExitCodes.Failure, inner);

/// <summary>Process exit codes (public contract).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    /// <summary>The work was done and committed, with problems the caller asked to fail on (<c>index --fail-on-load-errors</c> / <c>--ci</c> with projects that did not load).</summary>
    public const int DoneWithProblems = 3;
}
