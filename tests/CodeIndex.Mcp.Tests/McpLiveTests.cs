using System.Diagnostics;
using System.Text.Json;
using CodeIndex.Cli.Tests.Support;
using CodeIndex.Mcp.Tests.Support;
using CodeIndex.Testing;

namespace CodeIndex.Mcp.Tests;

/// <summary>The server while things change under it: edits with --watch, a watch daemon that holds the repository, a database that goes away, bytes that are not JSON-RPC.</summary>
public sealed class McpLiveTests : IClassFixture<DatabaseFixture>
{
    private const string Format = "M:Basic.Core.GreetingFormatter.Format(System.String,System.String)";
    private readonly DatabaseFixture _database;

    public McpLiveTests(DatabaseFixture database) => _database = database;

    private static string[] Callers(JsonElement json) =>
        [.. json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("symbol").GetProperty("qualifiedName").GetString()!)];

    /// <summary>Polls until the answer's index state is ready and up to date with more than <paramref name="batchesAbove"/> batches, then returns that answer.</summary>
    private static async Task<JsonElement> WhenIndexIncludesAsync(McpServer server, string tool, object args, long batchesAbove, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (result, json) = await server.CallAsync(tool, args);
            if (result.IsError is not true && json.GetProperty("index") is var index
                && index.GetProperty("upToDate").GetBoolean() && index.GetProperty("batches").GetInt64() > batchesAbove)
            {
                return json;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the index state never included the edit; last answer: {json}\nserver log:\n{server.Stderr}");
            }

            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Watch_AnEditShows_OnceTheReportedIndexStateIncludesIt()
    {
        var connection = await _database.CreateDatabaseAsync("mcpwatch");
        var root = RepoPaths.CopyFixture("Basic");
        try
        {
            await using var server = await McpServer.StartAsync(connection, root, "--watch", "--no-embed");
            var first = await WhenIndexIncludesAsync(server, "callers", new { symbol = Format }, -1, TimeSpan.FromMinutes(3));
            Assert.Equal("this-server", first.GetProperty("index").GetProperty("watchedBy").GetString());
            Assert.Equal(["Basic.Core.Greeter.Greet"], Callers(first));
            var batches = first.GetProperty("index").GetProperty("batches").GetInt64();
            var status = await server.OkAsync("index_status");
            Assert.Equal("watching", status.GetProperty("server").GetProperty("watch").GetString());

            await AddDirectCallerAsync(root);
            var after = await WhenIndexIncludesAsync(server, "callers", new { symbol = Format }, batches, TimeSpan.FromMinutes(1));
            Assert.Equal(["Basic.App.Program.Direct", "Basic.Core.Greeter.Greet"], Callers(after).Order(StringComparer.Ordinal).ToArray());
            Assert.Equal(0, after.GetProperty("index").GetProperty("filesPending").GetInt32());
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(root)!, recursive: true);
        }
    }

    [Fact]
    public async Task Watch_WhenADaemonHoldsTheRepository_ServesFromItAndReportsItsState()
    {
        var connection = await _database.CreateDatabaseAsync("mcpdaemon");
        var root = RepoPaths.CopyFixture("Basic");
        using var daemon = StartDaemon(connection, root);
        try
        {
            var lines = CollectLines(daemon);
            await WaitForAsync(() => Snapshot(lines).Any(l => l.Contains("\"event\":\"ready\"", StringComparison.Ordinal)), daemon, lines, TimeSpan.FromMinutes(3));

            await using var server = await McpServer.StartAsync(connection, root, "--watch", "--no-embed");
            var first = await WhenIndexIncludesAsync(server, "callers", new { symbol = Format }, -1, TimeSpan.FromMinutes(1));
            Assert.Equal("daemon", first.GetProperty("index").GetProperty("watchedBy").GetString());
            Assert.Equal(daemon.Id, first.GetProperty("index").GetProperty("watcherPid").GetInt32());
            var status = await server.OkAsync("index_status");
            Assert.Equal("following", status.GetProperty("server").GetProperty("watch").GetString());

            await AddDirectCallerAsync(root);
            var after = await WhenIndexIncludesAsync(server, "callers", new { symbol = Format }, first.GetProperty("index").GetProperty("batches").GetInt64(), TimeSpan.FromMinutes(1));
            Assert.Contains("Basic.App.Program.Direct", Callers(after));
        }
        finally
        {
            if (!daemon.HasExited)
            {
                daemon.Kill(entireProcessTree: true);
            }

            await daemon.WaitForExitAsync();
            Directory.Delete(Path.GetDirectoryName(root)!, recursive: true);
        }
    }

    [Fact]
    public async Task DatabaseDown_IsAToolError_TheServerStaysUpAndAnswersWhenItIsBack()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        var root = RepoPaths.CopyFixture("Basic");
        try
        {
            var index = await CliRunner.RunAsync(postgres.ConnectionString, "index", Path.Combine(root, "Basic.sln"), "--no-embed", "--json");
            Assert.True(index.ExitCode == 0, index.StdErr);
            await using var server = await McpServer.StartAsync(postgres.ConnectionString, root, "--no-embed");
            Assert.Equal(["Basic.Core.Greeter.Greet"], Callers(await server.OkAsync("callers", new { symbol = Format })));

            await postgres.StopAsync();
            for (var i = 0; i < 2; i++)
            {
                var (code, message, _) = await server.ErrorAsync("callers", new { symbol = Format });
                Assert.Equal("database_unavailable", code);
                Assert.Contains("retry when the database is back", message);
            }

            await postgres.StartAgainAsync();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                var (result, json) = await server.CallAsync("callers", new { symbol = Format });
                if (result.IsError is not true)
                {
                    Assert.Equal(["Basic.Core.Greeter.Greet"], Callers(json));
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, $"still failing after the restart: {json}");
                await Task.Delay(250);
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(root)!, recursive: true);
        }
    }

    [Fact]
    public async Task MalformedJsonRpc_IsAnsweredOrIgnored_AndTheServerStaysUp()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "codeindex.dll"), "--db", _database.ConnectionString, "mcp", "--no-embed" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            var lines = CollectLines(process);
            await process.StandardInput.WriteLineAsync("this is not json {{{");
            await process.StandardInput.WriteLineAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
            await process.StandardInput.FlushAsync();
            await WaitForAsync(() => Snapshot(lines).Any(l => l.Contains("\"id\":1", StringComparison.Ordinal)), process, lines, TimeSpan.FromSeconds(60));
            await process.StandardInput.WriteLineAsync("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            await process.StandardInput.WriteLineAsync("[1, 2, \"not a message\"]");
            await process.StandardInput.WriteLineAsync("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"no/such/method\"}");
            await process.StandardInput.FlushAsync();
            await WaitForAsync(() => Snapshot(lines).Any(l => l.Contains("\"id\":7", StringComparison.Ordinal)), process, lines, TimeSpan.FromSeconds(60));
            var all = Snapshot(lines);
            Assert.All(all, l => JsonDocument.Parse(l).Dispose()); // stdout carries only protocol messages
            using var init = JsonDocument.Parse(all.Single(l => l.Contains("\"id\":1", StringComparison.Ordinal)));
            Assert.Equal("codeindex", init.RootElement.GetProperty("result").GetProperty("serverInfo").GetProperty("name").GetString());
            using var unknown = JsonDocument.Parse(all.Single(l => l.Contains("\"id\":7", StringComparison.Ordinal)));
            Assert.Equal(-32601, unknown.RootElement.GetProperty("error").GetProperty("code").GetInt32());
            Assert.False(process.HasExited);
        }
        finally
        {
            process.StandardInput.Close(); // end of input: the server stops by itself
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(exit.Token);
        }
    }

    /// <summary>Saves Program.cs with a new method that calls GreetingFormatter.Format.</summary>
    private static async Task AddDirectCallerAsync(string root)
    {
        var program = Path.Combine(root, "Basic.App", "Program.cs");
        var text = await File.ReadAllTextAsync(program);
        var edited = text.Replace(
            "        return 0;\n    }",
            "        return 0;\n    }\n\n    public static string Direct() => new GreetingFormatter().Format(\"Hi\", \"there\");",
            StringComparison.Ordinal);
        Assert.NotEqual(text, edited);
        await File.WriteAllTextAsync(program, edited);
    }

    private static Process StartDaemon(string connection, string root)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "codeindex.dll"), "--db", connection, "--json", "watch", root, "--no-embed" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("CODEINDEX_DB");
        return Process.Start(start)!;
    }

    private static List<string> CollectLines(Process process)
    {
        var lines = new List<string>();
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        });
        _ = Task.Run(async () => await process.StandardError.ReadToEndAsync());
        return lines;
    }

    private static List<string> Snapshot(List<string> lines)
    {
        lock (lines)
        {
            return [.. lines];
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, Process process, List<string> lines, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"condition not met (exited: {process.HasExited}); stdout:\n{string.Join('\n', Snapshot(lines))}");
            }

            await Task.Delay(100);
        }
    }
}
