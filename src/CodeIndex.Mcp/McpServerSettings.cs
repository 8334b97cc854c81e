using CodeIndex.Core.Errors;

namespace CodeIndex.Mcp;

/// <summary>What <c>codeindex mcp</c> serves and how; validated before the host starts (<see cref="Validate"/>).</summary>
public sealed record McpServerSettings
{
    /// <summary>The repository this server answers for (a folder, .sln, .slnx or .csproj inside it); null = every indexed repository, chosen per call by <c>repo</c>.</summary>
    public string? ScopePath { get; init; }

    /// <summary>The same process keeps the scoped repository's index live (<c>--watch</c>).</summary>
    public bool Watch { get; init; }

    /// <summary>No statement of a tool runs longer than this (PostgreSQL <c>statement_timeout</c>; default 5 s).</summary>
    public TimeSpan StatementTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often <c>--watch</c> retries to take a repository another daemon holds (default 15 s).</summary>
    public TimeSpan TakeOverInterval { get; init; } = TimeSpan.FromSeconds(15);

    public void Validate()
    {
        if (ScopePath is not null && !File.Exists(ScopePath) && !Directory.Exists(ScopePath))
        {
            throw new UserInputException("path_not_found", $"'{ScopePath}' does not exist. To fix this, pass the folder, .sln, .slnx or .csproj of an indexed repository, or no path to serve every indexed repository.");
        }

        if (Watch && ScopePath is null)
        {
            throw new UserInputException("invalid_option", "--watch needs a path: the repository to keep live (codeindex mcp --watch ./repo).");
        }

        if (StatementTimeout < TimeSpan.FromMilliseconds(100) || StatementTimeout > TimeSpan.FromMinutes(10))
        {
            throw new UserInputException("invalid_option", $"--statement-timeout must be between 100 ms and 10 minutes (got {StatementTimeout.TotalMilliseconds:0} ms).");
        }
    }
}
