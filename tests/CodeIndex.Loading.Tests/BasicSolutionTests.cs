using CodeIndex.Loading.Tests.Support;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace CodeIndex.Loading.Tests;

public sealed class BasicSolutionFixture() : LoadedFixture("Basic")
{
    protected override LoadOptions Options() => new(Path.Combine(Folder, "Basic.sln"));
}

[Collection(MSBuildCollection.Name)]
public sealed class BasicSolutionTests(BasicSolutionFixture fixture, ITestOutputHelper output) : IClassFixture<BasicSolutionFixture>
{
    private LoadedSolution Loaded => fixture.Loaded;

    [Fact]
    public void LoadAsync_Sln_LoadsBothProjectsWithTheirSourceFiles()
    {
        output.WriteLine($"total {fixture.TotalTime.TotalMilliseconds:0} ms, restore {Loaded.RestoreTime.TotalMilliseconds:0} ms, open {Loaded.OpenTime.TotalMilliseconds:0} ms");
        output.WriteLine(Loaded.Describe());

        Assert.Equal(["Basic.App", "Basic.Core"], Loaded.Projects.Select(p => p.ProjectName).Order());
        Assert.Equal(["Basic.Core/Greeter.cs", "Basic.Core/GreetingFormatter.cs", "Basic.Core/IGreeter.cs"], Loaded.Single("Basic.Core").IndexedFiles(fixture.Folder));
        Assert.Equal(["Basic.App/LoudGreeter.cs", "Basic.App/Program.cs"], Loaded.Single("Basic.App").IndexedFiles(fixture.Folder));
    }

    [Fact]
    public void LoadAsync_Sln_SkipsGeneratedFilesUnderObj()
    {
        // The projects do contain obj/…/GlobalUsings.g.cs and AssemblyInfo.cs; none of them is indexed.
        Assert.Contains(Loaded.Projects.SelectMany(p => p.Project.Documents), d => d.FilePath!.Contains("/obj/", StringComparison.Ordinal));
        Assert.DoesNotContain(Loaded.IndexedFiles(fixture.Folder), f => f.Contains("obj/", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadAsync_Sln_ReportsMetadataAndNoErrors()
    {
        var app = Loaded.Single("Basic.App");
        Assert.Equal("Basic.App", app.AssemblyName);
        Assert.Equal("net10.0", app.TargetFramework);
        Assert.All(Loaded.Projects, p => Assert.Equal(0, p.CompileErrorCount));
        Assert.DoesNotContain(Loaded.Diagnostics, d => d.Severity == LoadDiagnostic.Error);
        Assert.True(Loaded.RestoreTime > TimeSpan.Zero);
        Assert.NotEmpty(fixture.Progress);
    }

    [Fact]
    public void LoadAsync_FolderWithoutGit_UsesInputFolderAsRepositoryRoot()
    {
        Assert.Equal(fixture.Folder, Loaded.RepositoryRoot);
        Assert.Equal(Path.Combine(fixture.Folder, "Basic.sln"), Loaded.InputPath);
    }

    [Fact]
    public async Task LoadAsync_Sln_ProjectReferenceBindsAcrossProjects()
    {
        var app = Loaded.Single("Basic.App");
        var compilation = await app.Project.GetCompilationAsync();
        Assert.NotNull(compilation);
        var greeter = compilation.GetTypeByMetadataName("Basic.Core.Greeter");
        Assert.NotNull(greeter);
        Assert.Contains(greeter.AllInterfaces, i => i.Name == "IGreeter");
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }
}
