using CodeIndex.Loading.Tests.Support;
using Microsoft.CodeAnalysis;

namespace CodeIndex.Loading.Tests;

/// <summary>Loads the Loose folder (only .cs files) as one ad-hoc project; no MSBuild involved.</summary>
public sealed class LooseFilesFixture() : LoadedFixture("Loose")
{
    protected override LoadOptions Options() => new(Folder);
}

public sealed class LooseFilesTests(LooseFilesFixture fixture) : IClassFixture<LooseFilesFixture>
{
    [Fact]
    public void LoadAsync_FolderOfCsFiles_CreatesOneAdhocProjectWithAllFiles()
    {
        var project = Assert.Single(fixture.Loaded.Projects);
        Assert.Equal("Loose", project.ProjectName);
        Assert.Equal("Loose", project.AssemblyName);
        Assert.Null(project.TargetFramework);
        Assert.Equal(["Animal.cs", "Dog.cs", "More/Kennel.cs"], project.IndexedFiles(fixture.Folder));
        Assert.Equal(TimeSpan.Zero, fixture.Loaded.RestoreTime);
    }

    [Fact]
    public async Task LoadAsync_FolderOfCsFiles_BindsAgainstTheRuntime()
    {
        var project = Assert.Single(fixture.Loaded.Projects);
        Assert.Equal(0, project.CompileErrorCount);
        var compilation = await project.Project.GetCompilationAsync();
        Assert.NotNull(compilation);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Equal("Loose.Animal", compilation.GetTypeByMetadataName("Loose.Dog")!.BaseType!.ToDisplayString());
    }

    [Fact]
    public async Task LoadAsync_SingleCsFile_CreatesProjectWithThatFile()
    {
        using var loaded = await new WorkspaceLoader().LoadAsync(new LoadOptions(Path.Combine(fixture.Folder, "Dog.cs")));
        var project = Assert.Single(loaded.Projects);
        Assert.Equal(["Dog.cs"], project.IndexedFiles(fixture.Folder));
        Assert.True(project.CompileErrorCount > 0, "Dog derives from Animal, which is not part of a single-file load");
    }
}
