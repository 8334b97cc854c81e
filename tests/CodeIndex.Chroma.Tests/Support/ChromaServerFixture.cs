using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CodeIndex.Chroma.Client;
using CodeIndex.Testing;
using Npgsql;

namespace CodeIndex.Chroma.Tests.Support;

/// <summary>A real ChromaDB server (<c>.tools/chroma</c>, installed by scripts/setup.sh) on a free port and a temporary data path; can be killed and restarted on the same path and port.</summary>
public sealed class ChromaServerFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    /// <summary>Base address of the server.</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}");

    public int Port { get; private set; }

    public string DataPath { get; private set; } = "";

    /// <summary>
    /// A client for this server (short timeouts so tests fail fast). Test classes with their own PostgreSQL database pass its name as
    /// <paramref name="database"/>: repository ids restart at 1 in every database, so each gets its own Chroma database (created on first use).
    /// </summary>
    public ChromaClient CreateClient(TimeSpan? requestTimeout = null, int maxBatchSize = ChromaOptions.DefaultMaxBatchSize, string? database = null) =>
        ChromaClient.Create(new ChromaOptions(Url, TimeSpan.FromSeconds(2), requestTimeout ?? TimeSpan.FromSeconds(30), ChromaOptions.DefaultTenant, database ?? ChromaOptions.DefaultDatabase, maxBatchSize));

    /// <summary>The Chroma database name for a test class's PostgreSQL database.</summary>
    public static string DatabaseFor(DatabaseFixture fixture) => new NpgsqlConnectionStringBuilder(fixture.ConnectionString).Database!;

    public async Task InitializeAsync()
    {
        DataPath = Path.Combine(Path.GetTempPath(), $"codeindex-chroma-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
        Directory.CreateDirectory(DataPath);
        Port = FreePort();
        await StartAsync().ConfigureAwait(false);
    }

    /// <summary>Kills the server process (SIGKILL) and waits for it to exit.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Starts the server again on the same data path and port and waits for its heartbeat.</summary>
    public async Task RestartAsync()
    {
        Kill();
        await StartAsync().ConfigureAwait(false);
    }

    public Task DisposeAsync()
    {
        Kill();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // Best effort; the watchdog or a later run removes it.
        }

        return Task.CompletedTask;
    }

    private async Task StartAsync()
    {
        var chroma = LocateChroma();
        var info = new ProcessStartInfo(chroma)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var arg in new[] { "run", "--path", DataPath, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {chroma}.");
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        StartWatchdog(process.Id);
        await WaitForHeartbeatAsync(process).ConfigureAwait(false);
    }

    private async Task WaitForHeartbeatAsync(Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The Chroma server exited with code {process.ExitCode} before answering. Output:\n{string.Join('\n', _output)}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Url, "/api/v2/heartbeat")).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(150).ConfigureAwait(false);
        }

        Kill();
        throw new InvalidOperationException($"The Chroma server on port {Port} did not answer its heartbeat within {StartTimeout}. Output:\n{string.Join('\n', _output)}");
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 50 && _output.TryDequeue(out _))
        {
        }
    }

    /// <summary><c>.tools/chroma/node_modules/.bin/chroma</c> found by walking up from the test's base directory.</summary>
    internal static string LocateChroma()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".tools", "chroma", "node_modules", ".bin", "chroma");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"The ChromaDB server is not installed: no .tools/chroma/node_modules/.bin/chroma above {AppContext.BaseDirectory}. To fix this, run scripts/setup.sh from the repository root.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A detached shell that kills the server and deletes its data once this test process is gone (even when it was killed); it exits when the server does.</summary>
    private void StartWatchdog(int serverPid)
    {
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardInput = true };
        info.ArgumentList.Add("sh");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec >/dev/null 2>&1 </dev/null; while kill -0 \"$OWNER\" && kill -0 \"$SERVER\"; do sleep 0.5; done; if ! kill -0 \"$OWNER\"; then kill -9 \"$SERVER\"; rm -rf \"$DIR\"; fi");
        info.Environment["OWNER"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["SERVER"] = serverPid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["DIR"] = DataPath;
        using var watchdog = Process.Start(info);
        watchdog?.StandardInput.Close();
    }
}

/// <summary>Test classes sharing one Chroma server run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ChromaServerCollection : ICollectionFixture<ChromaServerFixture>
{
    public const string Name = "chroma";
}
