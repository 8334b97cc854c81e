using CodeIndex.Loading.Tests.Support;
using Xunit.Abstractions;

namespace CodeIndex.Loading.Tests;

/// <summary>
/// Loads Mixed.sln: a C# library (with a binary Blob.cs), a VB project and a malformed .csproj. Before loading, the temp copy gets
/// symlinks in the library: one to a file outside the root, a directory loop, and a file linking to itself.
/// </summary>
public sealed class MixedSolutionFixture() : LoadedFixture("Mixed")
{
    public string OutsideFile => Path.Combine(TempRoot, "outside", "Secret.cs");

    protected override LoadOptions Options() => new(Path.Combine(Folder, "Mixed.sln"));

    protected override void Prepare()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(OutsideFile)!);
        File.WriteAllText(OutsideFile, "namespace Outside; public class Secret { }\n");
        var lib = Path.Combine(Folder, "Mixed.Lib");
        File.CreateSymbolicLink(Path.Combine(lib, "OutsideLink.cs"), OutsideFile);
        File.CreateSymbolicLink(Path.Combine(lib, "SelfLoop.cs"), Path.Combine(lib, "SelfLoop.cs"));
        Directory.CreateSymbolicLink(Path.Combine(lib, "Loop"), lib);
    }
}

[Collection(MSBuildCollection.Name)]
public sealed class MixedSolutionTests(MixedSolutionFixture fixture, ITestOutputHelper output) : IClassFixture<MixedSolutionFixture>
{
    private LoadedSolution Loaded => fixture.Loaded;

    [Fact]
    public void LoadAsync_MixedSolution_IndexesOnlyTheGoodCSharpFiles()
    {
        output.WriteLine($"total {fixture.TotalTime.TotalMilliseconds:0} ms, restore {Loaded.RestoreTime.TotalMilliseconds:0} ms, open {Loaded.OpenTime.TotalMilliseconds:0} ms");
        output.WriteLine(Loaded.Describe());

        var lib = Loaded.Single("Mixed.Lib");
        Assert.Equal(["Mixed.Lib/Inventory.cs"], Loaded.IndexedFiles(fixture.Folder));
        Assert.Equal(["Mixed.Lib"], Loaded.Projects.Select(p => p.ProjectName));
        Assert.Equal("Mixed.Lib", lib.AssemblyName);
    }

    [Fact]
    public void LoadAsync_VisualBasicProject_IsSkippedWithWarning()
    {
        var skipped = Assert.Single(Loaded.Diagnostics, d => d.Message == WorkspaceOpener.NotCSharpMessage);
        Assert.Equal(LoadDiagnostic.Warning, skipped.Severity);
        Assert.EndsWith("Mixed.Vb.vbproj", skipped.Example);
    }

    [Fact]
    public void LoadAsync_MalformedProject_IsReportedAsError()
    {
        Assert.Contains(Loaded.Diagnostics, d => d.Severity == LoadDiagnostic.Error && (d.Example ?? string.Empty).Contains("Mixed.Broken", StringComparison.Ordinal));
        var skipped = Assert.Single(Loaded.Diagnostics, d => d.Message == ProjectSelector.NotEvaluated);
        Assert.EndsWith("Mixed.Broken.csproj", skipped.Example);
        Assert.DoesNotContain(Loaded.Projects, p => p.ProjectName.StartsWith("Mixed.Broken", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadAsync_BinaryFile_IsSkippedWithWarning()
    {
        var binary = Assert.Single(Loaded.Diagnostics, d => d.Message == DocumentFilter.Binary);
        Assert.Equal(Path.Combine(fixture.Folder, "Mixed.Lib", "Blob.cs"), binary.Example);
        Assert.Equal(1, binary.Count);
    }

    [Fact]
    public void LoadAsync_SymlinkOutsideRoot_IsNotFollowed()
    {
        var outside = Assert.Single(Loaded.Diagnostics, d => d.Message == DocumentFilter.SymlinkOutsideRoot);
        Assert.Equal(Path.Combine(fixture.Folder, "Mixed.Lib", "OutsideLink.cs"), outside.Example);
        Assert.DoesNotContain(Loaded.IndexedFiles(fixture.Folder), f => f.Contains("Outside", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadAsync_SymlinkLoops_AreNotFollowed()
    {
        Assert.DoesNotContain(Loaded.IndexedFiles(fixture.Folder), f => f.Contains("Loop", StringComparison.Ordinal));
        var loopDiagnostics = Loaded.Diagnostics
            .Where(d => d.Message is DocumentFilter.BrokenSymlink or DocumentFilter.UnderSymlinkedDirectory)
            .ToList();
        Assert.Contains(loopDiagnostics, d => d.Example!.EndsWith("SelfLoop.cs", StringComparison.Ordinal));
    }
}
