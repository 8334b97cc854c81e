using CodeIndex.Loading.Tests.Support;
using Xunit.Abstractions;

namespace CodeIndex.Loading.Tests;

/// <summary>Loads the CompileError folder (no solution: its .csproj is found by searching the folder).</summary>
public sealed class CompileErrorFixture() : LoadedFixture("CompileError")
{
    protected override LoadOptions Options() => new(Folder);
}

[Collection(MSBuildCollection.Name)]
public sealed class CompileErrorTests(CompileErrorFixture fixture, ITestOutputHelper output) : IClassFixture<CompileErrorFixture>
{
    [Fact]
    public void LoadAsync_ProjectWithCompileError_LoadsAndCountsTheError()
    {
        var loaded = fixture.Loaded;
        output.WriteLine($"total {fixture.TotalTime.TotalMilliseconds:0} ms, restore {loaded.RestoreTime.TotalMilliseconds:0} ms, open {loaded.OpenTime.TotalMilliseconds:0} ms");
        output.WriteLine(loaded.Describe());

        var project = loaded.Single("CompileError");
        Assert.True(project.CompileErrorCount > 0, "the unknown type in Broken.Create's signature is a declaration error");
        Assert.Equal(["Broken.cs", "Fine.cs"], project.IndexedFiles(fixture.Folder));
        Assert.Equal(Path.Combine(fixture.Folder, "CompileError.csproj"), project.Project.FilePath);
    }
}
