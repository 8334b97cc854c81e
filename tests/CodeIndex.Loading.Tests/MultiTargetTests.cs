using CodeIndex.Loading.Tests.Support;
using Xunit.Abstractions;

namespace CodeIndex.Loading.Tests;

/// <summary>Loads MultiTarget.csproj (net10.0;net8.0;netstandard2.0) twice: default choice, then with <c>Framework = net8.0</c> (no restore).</summary>
public sealed class MultiTargetFixture() : LoadedFixture("MultiTarget")
{
    public LoadedSolution? WithFramework { get; private set; }

    public TimeSpan WithFrameworkTime { get; private set; }

    protected override LoadOptions Options() => new(Path.Combine(Folder, "MultiTarget.csproj"));

    public async Task<LoadedSolution> LoadWithFrameworkAsync()
    {
        if (WithFramework is null)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            WithFramework = await new WorkspaceLoader().LoadAsync(new LoadOptions(Path.Combine(Folder, "MultiTarget.csproj"), Framework: "net8.0", Restore: false));
            WithFrameworkTime = System.Diagnostics.Stopwatch.GetElapsedTime(start);
        }

        return WithFramework;
    }

    public override async Task DisposeAsync()
    {
        WithFramework?.Dispose();
        await base.DisposeAsync();
    }
}

[Collection(MSBuildCollection.Name)]
public sealed class MultiTargetTests(MultiTargetFixture fixture, ITestOutputHelper output) : IClassFixture<MultiTargetFixture>
{
    private static readonly string[] AllFiles = ["Calculator.cs", "Money.cs", "Platform.cs", "Polyfills/IsExternalInit.cs"];

    private LoadedSolution Loaded => fixture.Loaded;

    [Fact]
    public void LoadAsync_MultiTargetProject_LoadsOneInstancePerFramework()
    {
        output.WriteLine($"total {fixture.TotalTime.TotalMilliseconds:0} ms, restore {Loaded.RestoreTime.TotalMilliseconds:0} ms, open {Loaded.OpenTime.TotalMilliseconds:0} ms");
        output.WriteLine(Loaded.Describe());
        var instances = Loaded.Solution.Projects.Where(p => p.FilePath!.EndsWith("MultiTarget.csproj", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, instances.Count);
    }

    [Fact]
    public void LoadAsync_MultiTargetProject_IndexesEveryFileExactlyOnce()
    {
        var files = Loaded.IndexedFiles(fixture.Folder);
        Assert.Equal(AllFiles, files.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LoadAsync_NoFramework_PrefersNewestFrameworkThatCompiles()
    {
        var preferred = Loaded.Projects[0];
        Assert.Equal("MultiTarget", preferred.ProjectName);
        Assert.Equal("net10.0", preferred.TargetFramework);
        Assert.Equal(0, preferred.CompileErrorCount);
        Assert.Contains("NET10_0", preferred.Project.ParseOptions!.PreprocessorSymbolNames);
        Assert.Equal(["Calculator.cs", "Money.cs", "Platform.cs"], preferred.IndexedFiles(fixture.Folder));
    }

    [Fact]
    public void LoadAsync_FileOnlyInOlderFramework_IsIndexedThroughThatInstance()
    {
        // The polyfill is compiled for netstandard2.0 only; net8.0 contributes nothing, so it is not listed.
        Assert.Equal(["net10.0", "netstandard2.0"], Loaded.Projects.Select(p => p.TargetFramework));
        var netstandard = Loaded.Projects[1];
        Assert.Equal("MultiTarget", netstandard.ProjectName);
        Assert.Equal(["Polyfills/IsExternalInit.cs"], netstandard.IndexedFiles(fixture.Folder));
    }

    [Fact]
    public async Task LoadAsync_FrameworkOption_OverridesTheChoice()
    {
        var loaded = await fixture.LoadWithFrameworkAsync();
        output.WriteLine($"second load without restore: {fixture.WithFrameworkTime.TotalMilliseconds:0} ms");

        Assert.Equal(TimeSpan.Zero, loaded.RestoreTime);
        Assert.Equal("net8.0", loaded.Projects[0].TargetFramework);
        Assert.Contains("NET8_0", loaded.Projects[0].Project.ParseOptions!.PreprocessorSymbolNames);
        Assert.Equal(AllFiles, loaded.IndexedFiles(fixture.Folder).Order(StringComparer.Ordinal));
    }
}
