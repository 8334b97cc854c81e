using System.Collections.Concurrent;
using CodeIndex.Loading;
using CodeIndex.Storage.Repositories;
using CodeIndex.Testing;
using CodeIndex.Watch.Hosting;
using CodeIndex.Watch.Indexing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CodeIndex.Watch.Tests.Support;

/// <summary>
/// A real watch on a copy of a fixture solution in a temporary folder, against a real database: edit files, wait until every
/// event is in the index, and compare the index with a fresh full index of the same tree (in a database of its own).
/// </summary>
public sealed class WatchHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly NpgsqlDataSource _dataSource;
    private readonly DatabaseFixture _fixture;
    private readonly bool _owns;
    private Task? _run;

    private WatchHarness(DatabaseFixture fixture, NpgsqlDataSource dataSource, TempDirectory temp, string root, string input, bool owns = true)
    {
        _owns = owns;
        _fixture = fixture;
        _dataSource = dataSource;
        Temp = temp;
        Root = root;
        Input = input;
    }

    public TempDirectory Temp { get; }

    public string Root { get; }

    public string Input { get; }

    public WatchPipeline? Pipeline { get; private set; }

    public ConcurrentQueue<WatchEvent> Events { get; } = new();

    public NpgsqlDataSource DataSource => _dataSource;

    /// <summary>Copies the fixture <paramref name="name"/> into a new temporary folder and a new database (the pipeline is not started).</summary>
    /// <param name="connection">The database the watch writes (default: a new one of <paramref name="fixture"/>'s cluster); fresh
    /// indexes for comparison always go to the fixture's cluster.</param>
    public static async Task<WatchHarness> CreateAsync(DatabaseFixture fixture, string name = "Watch", string input = "Watch.slnx", string? connection = null)
    {
        var temp = new TempDirectory();
        var root = Fixtures.CopyToTemp(temp, name);
        connection ??= await fixture.CreateDatabaseAsync("w");
        return new WatchHarness(fixture, CodeIndex.Storage.Connection.DatabaseConnector.Create(connection), temp, root, Path.Combine(root, input));
    }

    /// <summary>A second harness on the same tree and database (a restart); disposing it leaves them to this one.</summary>
    public WatchHarness Reopen() => new(_fixture, _dataSource, Temp, Root, Input, owns: false);

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public WatchOptions Options(bool restore = true) => new() { InputPath = Input, Restore = restore, Embed = false, ReconcileInterval = TimeSpan.FromMinutes(30) };

    /// <summary>Starts the watch and waits until its start-up write is done.</summary>
    public async Task StartAsync(WatchOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        Pipeline = new WatchPipeline(options ?? Options(), _dataSource, loggerFactory ?? NullLoggerFactory.Instance);
        Pipeline.Event += Events.Enqueue;
        _run = Pipeline.RunAsync(_stop.Token);
        await WaitForAsync(() => Events.Any(e => e.Kind == "ready"), TimeSpan.FromMinutes(3), "the watch to become ready");
    }

    /// <summary>Stops the watch (as SIGTERM does) and returns how long it took.</summary>
    public async Task<TimeSpan> StopAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run;
        }

        return clock.Elapsed;
    }

    /// <summary>Waits until every file event so far is applied and written (after a moment for the kernel to deliver them).</summary>
    public async Task WaitIdleAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        await Task.Delay(150);
        var calm = 0;
        while (calm < 2)
        {
            if (_run is { IsCompleted: true })
            {
                await _run; // surfaces the pipeline's failure
                throw new InvalidOperationException("The watch stopped.");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The watch did not become idle; last events: {string.Join(" | ", Events.TakeLast(5).Select(Describe))}");
            }

            calm = Pipeline!.IsIdle ? calm + 1 : 0;
            await Task.Delay(60);
        }
    }

    public static string Describe(WatchEvent e) => e.Kind + " " + string.Join(", ", e.Fields.Select(f => $"{f.Key}={f.Value}"));

    public async Task WriteAsync(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, content);
    }

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    public async Task EditAsync(string relative, Func<string, string> edit)
    {
        var before = Read(relative);
        var after = edit(before);
        if (after == before)
        {
            throw new InvalidOperationException($"The edit of {relative} changed nothing.");
        }

        await WriteAsync(relative, after);
    }

    public async Task<long> RepositoryIdAsync() => (await new RepositoryStore(_dataSource).GetOrCreateAsync(Root)).Id;

    /// <summary>Every row the index holds for the repository (ids, timestamps aside), sorted.</summary>
    public async Task<IReadOnlyList<string>> SnapshotAsync() => await IndexSnapshot.ReadAsync(_dataSource, await RepositoryIdAsync());

    /// <summary>A fresh whole-repository index of the tree as it is now, in a database of its own.</summary>
    public async Task<IReadOnlyList<string>> FreshSnapshotAsync()
    {
        await using var fresh = CodeIndex.Storage.Connection.DatabaseConnector.Create(await _fixture.CreateDatabaseAsync("f"));
        using var loaded = await new WorkspaceLoader().LoadAsync(new LoadOptions(Input, Restore: true));
        var repository = await new RepositoryStore(fresh).GetOrCreateAsync(loaded.RepositoryRoot);
        var input = IndexInput.From(loaded);
        await new GraphIndexer(fresh, NullLoggerFactory.Instance).WriteAsync(repository.Id, input, null, input.ProjectStates(), false, null, null, CancellationToken.None);
        return await IndexSnapshot.ReadAsync(fresh, repository.Id);
    }

    /// <summary>Rows only in one of the two snapshots (empty when they are equal), for a readable failure.</summary>
    public static string Diff(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var missing = expected.Except(actual).Take(15).Select(r => "- " + r);
        var extra = actual.Except(expected).Take(15).Select(r => "+ " + r);
        return string.Join('\n', missing.Concat(extra));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            try
            {
                await StopAsync();
            }
            catch (Exception)
            {
                // the test already failed on it
            }
        }

        _stop.Dispose();
        if (_owns)
        {
            await _dataSource.DisposeAsync();
            Temp.Dispose();
        }
    }

    private async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (_run is { IsCompleted: true })
            {
                await _run;
                throw new InvalidOperationException($"The watch stopped before {what}.");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}; events: {string.Join(" | ", Events.Select(Describe))}");
            }

            await Task.Delay(50);
        }
    }
}
