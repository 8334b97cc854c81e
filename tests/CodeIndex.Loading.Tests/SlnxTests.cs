using CodeIndex.Loading.Tests.Support;
using Xunit.Abstractions;

namespace CodeIndex.Loading.Tests;

/// <summary>Loads the Slnx fixture through its folder: the folder's only solution is the .slnx, whose projects sit inside a &lt;Folder&gt;.</summary>
public sealed class SlnxFixture() : LoadedFixture("Slnx")
{
    protected override LoadOptions Options() => new(Folder);
}

[Collection(MSBuildCollection.Name)]
public sealed class SlnxTests(SlnxFixture fixture, ITestOutputHelper output) : IClassFixture<SlnxFixture>
{
    [Fact]
    public void LoadAsync_FolderWithSlnx_OpensEveryProjectOfTheSlnx()
    {
        var loaded = fixture.Loaded;
        output.WriteLine($"total {fixture.TotalTime.TotalMilliseconds:0} ms, restore {loaded.RestoreTime.TotalMilliseconds:0} ms, open {loaded.OpenTime.TotalMilliseconds:0} ms");
        output.WriteLine(loaded.Describe());
        output.WriteLine(string.Join(Environment.NewLine, fixture.Progress));

        Assert.Equal(Path.Combine(fixture.Folder, "Slnx.slnx"), loaded.InputPath);
        Assert.Equal(["Slnx.Cli", "Slnx.Shapes"], loaded.Projects.Select(p => p.ProjectName).Order());
        Assert.Equal(
            ["src/Slnx.Cli/Program.cs", "src/Slnx.Shapes/IShape.cs", "src/Slnx.Shapes/Shapes.cs"],
            loaded.IndexedFiles(fixture.Folder).Order(StringComparer.Ordinal));
        Assert.All(loaded.Projects, p => Assert.Equal(0, p.CompileErrorCount));
    }

    [Fact]
    public void LoadAsync_Slnx_OpensAReferencedProjectOnlyOnce()
    {
        // Opening Slnx.Cli also opens Slnx.Shapes (project reference); the .slnx lists Shapes again.
        Assert.Single(fixture.Loaded.Solution.Projects, p => p.Name == "Slnx.Shapes");
    }
}
