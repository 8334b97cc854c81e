using System.CommandLine;
using CodeIndex.Core.Errors;
using CodeIndex.Query;

namespace CodeIndex.Cli.Commands;

/// <summary>The options shared by the <c>query</c> commands (<c>--repo</c>, <c>--depth</c>, <c>--limit</c>) and their validation.</summary>
internal static class QueryOptionsBinder
{
    public const int MaxDepth = 50;

    public static readonly Option<string?> Repo = new("--repo")
    {
        Description = "Repository name or root path (needed when several repositories are indexed and the symbol is ambiguous).",
    };

    public static readonly Option<int> Depth = new("--depth")
    {
        Description = "How many hops to follow (1–50, default 3; larger values are clamped to 50).",
        DefaultValueFactory = _ => 3,
    };

    public static readonly Option<int> Limit = new("--limit")
    {
        Description = "Maximum number of results (default 100).",
        DefaultValueFactory = _ => 100,
    };

    public static readonly Option<bool> Dispatch = new("--dispatch")
    {
        Description = "Also follow implements/overrides, so calls made through interfaces and base members count.",
    };

    public static QueryOptions Bind(ParseResult parseResult, CliContext context, bool dispatch = false)
    {
        var depth = parseResult.GetValue(Depth);
        if (depth < 1)
        {
            throw new UserInputException("invalid_depth", $"--depth must be at least 1 (got {depth}).");
        }

        if (depth > MaxDepth)
        {
            context.Output.Notice($"notice: --depth {depth} clamped to {MaxDepth}.");
            depth = MaxDepth;
        }

        return new QueryOptions(depth, BindLimit(parseResult), dispatch);
    }

    public static int BindLimit(ParseResult parseResult)
    {
        var limit = parseResult.GetValue(Limit);
        return limit >= 1 ? limit : throw new UserInputException("invalid_limit", $"--limit must be at least 1 (got {limit}).");
    }

    public static void AddCommon(Command command)
    {
        command.Options.Add(Repo);
        command.Options.Add(Depth);
        command.Options.Add(Limit);
    }
}
