using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace CodeIndex.Mcp.Tests.Support;

/// <summary>A real <c>codeindex mcp</c> child process and the SDK's client connected to it over stdio.</summary>
internal sealed class McpServer : IAsyncDisposable
{
    private readonly List<string> _stderr;

    private McpServer(McpClient client, List<string> stderr)
    {
        Client = client;
        _stderr = stderr;
    }

    public McpClient Client { get; }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    public static async Task<McpServer> StartAsync(string connectionString, params string[] args)
    {
        var arguments = new List<string> { Path.Combine(AppContext.BaseDirectory, "codeindex.dll"), "--db", connectionString, "mcp" };
        arguments.AddRange(args);
        var lines = new List<string>();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "codeindex",
            Command = "dotnet",
            Arguments = arguments,
            EnvironmentVariables = new Dictionary<string, string?> { ["CODEINDEX_DB"] = "", ["CODEINDEX_CHROMA"] = "", ["CODEINDEX_MODEL"] = "" },
            StandardErrorLines = line =>
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            },
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var client = await McpClient.CreateAsync(transport, cancellationToken: timeout.Token);
        return new McpServer(client, lines);
    }

    /// <summary>Calls a tool; returns the result and its structured content.</summary>
    public async Task<(CallToolResult Result, JsonElement Json)> CallAsync(string tool, object? arguments = null)
    {
        var args = arguments is null
            ? new Dictionary<string, object?>()
            : JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(arguments))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var result = await Client.CallToolAsync(tool, args, cancellationToken: timeout.Token);
        var json = result.StructuredContent ?? throw new Xunit.Sdk.XunitException($"{tool} answered without structured content: {Text(result)}");
        return (result, json);
    }

    /// <summary>Calls a tool and fails the test when it answers with an error.</summary>
    public async Task<JsonElement> OkAsync(string tool, object? arguments = null)
    {
        var (result, json) = await CallAsync(tool, arguments);
        Assert.True(result.IsError is not true, $"{tool} failed: {Text(result)}");
        return json;
    }

    /// <summary>Calls a tool that must answer with an error; returns error.code and error.message.</summary>
    public async Task<(string Code, string Message, JsonElement Error)> ErrorAsync(string tool, object? arguments = null)
    {
        var (result, json) = await CallAsync(tool, arguments);
        Assert.True(result.IsError is true, $"{tool} should have failed: {Text(result)}");
        var error = json.GetProperty("error");
        return (error.GetProperty("code").GetString()!, error.GetProperty("message").GetString()!, error);
    }

    public static string Text(CallToolResult result) => string.Join('\n', result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
