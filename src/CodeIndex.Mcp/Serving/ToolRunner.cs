using System.Net.Sockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CodeIndex.Core.Errors;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using Npgsql;

namespace CodeIndex.Mcp.Serving;

/// <summary>One tool call inside the runner: the read-only database, the repository and its index state, the call's bounds.</summary>
public sealed record ToolCall(NpgsqlDataSource Db, long RepositoryId, IndexState State, Bounds Bounds);

/// <summary>What a tool answers: the structured content (an object serialised as JSON) and a short text rendering.</summary>
public sealed record ToolAnswer(object Structured, string Text);

/// <summary>
/// Runs every tool the same way: open the database (retrying a failed open), resolve the repository and read its index state,
/// run the question, and shape a <see cref="CallToolResult"/> — structured content with <c>notices</c> and <c>index</c> added, and
/// a text rendering. Errors become tool errors (<c>isError</c>, <c>error.code</c>, an actionable message), never a crash: a
/// database that is down, a statement that ran out of time, an unknown symbol.
/// </summary>
public sealed partial class ToolRunner(ReadDatabase database, RepositoryScope scope, ILogger<ToolRunner> logger)
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Runs <paramref name="answer"/> for the repository <paramref name="repo"/> names (or the server's scope).</summary>
    public async Task<CallToolResult> RunAsync(string tool, string? repo, Func<ToolCall, CancellationToken, Task<ToolAnswer>> answer, CancellationToken cancellationToken)
    {
        var bounds = new Bounds();
        IndexState? state = null;
        try
        {
            var db = await database.GetAsync(cancellationToken).ConfigureAwait(false);
            var (repositoryId, resolved) = await scope.ResolveAsync(db, repo, cancellationToken).ConfigureAwait(false);
            state = resolved;
            var result = await answer(new ToolCall(db, repositoryId, resolved, bounds), cancellationToken).ConfigureAwait(false);
            return Success(result, bounds, state);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return Failed(tool, ex, bounds, state);
        }
    }

    /// <summary>Runs a call that needs the database but no single repository (index_status over every repository).</summary>
    public async Task<CallToolResult> RunUnscopedAsync(string tool, Func<NpgsqlDataSource, CancellationToken, Task<ToolAnswer>> answer, CancellationToken cancellationToken)
    {
        var bounds = new Bounds();
        try
        {
            var db = await database.GetAsync(cancellationToken).ConfigureAwait(false);
            return Success(await answer(db, cancellationToken).ConfigureAwait(false), bounds, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return Failed(tool, ex, bounds, null);
        }
    }

    /// <summary>A failure as a tool error; unexpected ones are logged with their stack (a cancelled call is not a failure: it propagates).</summary>
    private CallToolResult Failed(string tool, Exception ex, Bounds bounds, IndexState? state)
    {
        var (code, message, details) = Describe(ex);
        if (code == "internal_error")
        {
            LogFailed(logger, ex, tool, ex.Message);
        }

        return Error(code, message, details, bounds, state);
    }

    internal static (string Code, string Message, IReadOnlyDictionary<string, object?>? Details) Describe(Exception ex) => ex switch
    {
        CodeIndexException c => (c.Code, c.Message, c.Details),
        PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } => ("timeout",
            "The question took longer than the server's statement timeout and was stopped. To fix this, ask a narrower question: a lower depth or limit, or a more specific symbol.", null),
        PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction } p => ("internal_error", $"A write was refused on the read-only connection ({p.MessageText}).", null),
        NpgsqlException or SocketException or TimeoutException => ("database_unavailable",
            $"The database is not reachable ({Root(ex).Message}). The server stays up: retry when the database is back (start it, or check --db / CODEINDEX_DB).", null),
        _ => ("internal_error", $"{ex.GetType().Name}: {ex.Message}", null),
    };

    private static CallToolResult Success(ToolAnswer answer, Bounds bounds, IndexState? state)
    {
        var node = JsonSerializer.SerializeToNode(answer.Structured, Json) as JsonObject ?? new JsonObject { ["value"] = JsonSerializer.SerializeToNode(answer.Structured, Json) };
        if (bounds.Notices.Count > 0)
        {
            node["notices"] = JsonSerializer.SerializeToNode(bounds.Notices, Json);
        }

        if (state is not null)
        {
            node["index"] = JsonSerializer.SerializeToNode(state, Json);
        }

        var text = new StringBuilder(answer.Text.TrimEnd());
        foreach (var notice in bounds.Notices)
        {
            text.Append("\nnotice: ").Append(notice);
        }

        if (state is not null)
        {
            text.Append('\n').Append(state.Describe());
        }

        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = text.ToString() }],
            StructuredContent = JsonSerializer.SerializeToElement(node, Json),
        };
    }

    /// <summary>A tool error answered before any tool runs (no repository, no index state).</summary>
    internal static CallToolResult ErrorResult(string code, string message) => Error(code, message, null, new Bounds(), null);

    private static CallToolResult Error(string code, string message, IReadOnlyDictionary<string, object?>? details, Bounds bounds, IndexState? state)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (details is not null)
        {
            foreach (var (key, value) in details)
            {
                error[key] = value is Query.SymbolInfo or IEnumerable<Query.SymbolInfo>
                    ? JsonSerializer.SerializeToNode(value is Query.SymbolInfo one ? [Answers.SymbolView.From(one)] : ((IEnumerable<Query.SymbolInfo>)value).Select(Answers.SymbolView.From).ToList(), Json)
                    : JsonSerializer.SerializeToNode(value, Json);
            }
        }

        var node = new JsonObject { ["error"] = error };
        if (bounds.Notices.Count > 0)
        {
            node["notices"] = JsonSerializer.SerializeToNode(bounds.Notices, Json);
        }

        if (state is not null)
        {
            node["index"] = JsonSerializer.SerializeToNode(state, Json);
        }

        var text = $"error {code}: {message}";
        if (details?.GetValueOrDefault("candidates") is IEnumerable<Query.SymbolInfo> candidates)
        {
            text += "\ncandidates (pass a handle):\n" + string.Join('\n', candidates.Select(c => "  " + Answers.SymbolView.From(c).Line1()));
        }

        return new CallToolResult
        {
            IsError = true,
            Content = [new TextContentBlock { Text = text }],
            StructuredContent = JsonSerializer.SerializeToElement(node, Json),
        };
    }

    private static Exception Root(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Tool {Tool} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string tool, string reason);
}
