namespace CodeIndex.Loading.Tests.Support;

/// <summary>Base of class fixtures: copies one fixture to a temp folder and loads it once (MSBuild loads are slow) for all tests of a class.</summary>
public abstract class LoadedFixture : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private LoadedSolution? _loaded;

    protected LoadedFixture(string fixtureName)
    {
        Folder = Fixtures.CopyToTemp(_temp, fixtureName);
    }

    /// <summary>The temp copy of the fixture folder.</summary>
    public string Folder { get; }

    public string TempRoot => _temp.Path;

    public LoadedSolution Loaded => _loaded ?? throw new InvalidOperationException("The fixture was not loaded.");

    public List<string> Progress { get; } = [];

    public TimeSpan TotalTime { get; private set; }

    /// <summary>What to load, relative to <see cref="Folder"/>.</summary>
    protected abstract LoadOptions Options();

    /// <summary>Changes to the temp copy before loading (e.g. symlinks).</summary>
    protected virtual void Prepare()
    {
    }

    public async Task InitializeAsync()
    {
        Prepare();
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        _loaded = await new WorkspaceLoader().LoadAsync(Options(), new SyncProgress(Progress));
        TotalTime = System.Diagnostics.Stopwatch.GetElapsedTime(start);
    }

    public virtual Task DisposeAsync()
    {
        _loaded?.Dispose();
        _temp.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Progress that records synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (lines)
            {
                lines.Add(value);
            }
        }
    }
}
