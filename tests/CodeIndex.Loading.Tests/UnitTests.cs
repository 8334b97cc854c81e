using CodeIndex.Loading.Tests.Support;
using Microsoft.Build.Locator;

namespace CodeIndex.Loading.Tests;

/// <summary>Fast tests of the loader's pieces (no MSBuild load).</summary>
public sealed class UnitTests
{
    [Fact]
    public void DiagnosticCollector_ProblemSeenOnce_KeepsTheRealPathInItsMessage()
    {
        var collector = new DiagnosticCollector();
        collector.AddWarning("NU1603: /repo/src/App/App.csproj depends on Foo (>= 1.0) but Foo 1.0 was not found");

        var only = Assert.Single(collector.ToList());
        Assert.Equal("NU1603: /repo/src/App/App.csproj depends on Foo (>= 1.0) but Foo 1.0 was not found", only.Message);
        Assert.DoesNotContain("<path>", only.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnosticCollector_SameMessageDifferentPaths_GroupsWithCount()
    {
        var collector = new DiagnosticCollector();
        collector.AddError("Msbuild failed when processing the file '/repo/a/A.csproj' with message: boom");
        collector.AddError("Msbuild failed when processing the file '/repo/b/B.csproj' with message: boom");
        collector.AddWarning("Skipped a binary file (contains NUL bytes)", "/repo/x.cs");
        collector.AddError("Something else and/or more");

        var list = collector.ToList();
        Assert.Equal(3, list.Count);
        Assert.Equal(new LoadDiagnostic("error", "Msbuild failed when processing the file '<path>' with message: boom", 2, "/repo/a/A.csproj"), list[0]);
        Assert.Equal(new LoadDiagnostic("error", "Something else and/or more", 1, null), list[1]);
        Assert.Equal("warning", list[2].Severity);
    }

    [Theory]
    [InlineData("net10.0", "net8.0")]
    [InlineData("net8.0", "netstandard2.1")]
    [InlineData("netstandard2.1", "netstandard2.0")]
    [InlineData("netcoreapp3.1", "netstandard2.1")]
    [InlineData("net5.0", "netcoreapp3.1")]
    [InlineData("netstandard2.0", "net48")]
    [InlineData("net8.0-windows", "net6.0")]
    [InlineData("net472", "unknown")]
    public void TargetFrameworks_Compare_NewerSortsHigher(string newer, string older)
    {
        Assert.True(TargetFrameworks.Compare(newer, older) > 0);
        Assert.True(TargetFrameworks.Compare(older, newer) < 0);
    }

    [Fact]
    public void RepositoryRootLocator_GitFileInAncestor_ReturnsThatAncestor()
    {
        using var temp = new TempDirectory();
        var nested = Path.Combine(temp.Path, "a", "b");
        Directory.CreateDirectory(nested);
        File.WriteAllText(Path.Combine(temp.Path, "a", ".git"), "gitdir: ../elsewhere");
        Assert.Equal(Path.Combine(temp.Path, "a"), RepositoryRootLocator.Find(nested));
        Assert.Equal(temp.Path, RepositoryRootLocator.Find(temp.Path));
    }

    [Fact]
    public void SlnxReader_NestedFolders_ReturnsEveryProjectOnce()
    {
        using var temp = new TempDirectory();
        var slnx = Path.Combine(temp.Path, "X.slnx");
        File.WriteAllText(slnx, """
            <Solution>
              <Project Path="Top/Top.csproj" />
              <Folder Name="/a/">
                <Folder Name="/a/b/">
                  <Project Path="a\b\Deep.csproj" Type="Classic C#" />
                </Folder>
                <Project Path="Top/Top.csproj" />
              </Folder>
            </Solution>
            """);
        Assert.Equal(
            [Path.Combine(temp.Path, "Top", "Top.csproj"), Path.Combine(temp.Path, "a", "b", "Deep.csproj")],
            SlnxReader.ReadProjectPaths(slnx));
    }

    [Fact]
    public void DocumentFilter_IsBinary_DetectsNulButNotUtf16()
    {
        using var temp = new TempDirectory();
        var binary = Path.Combine(temp.Path, "b.cs");
        var utf16 = Path.Combine(temp.Path, "u.cs");
        var text = Path.Combine(temp.Path, "t.cs");
        File.WriteAllBytes(binary, [0x63, 0x00, 0x01]);
        File.WriteAllText(utf16, "class U { }", System.Text.Encoding.Unicode);
        File.WriteAllText(text, "class T { }");
        Assert.True(DocumentFilter.IsBinary(binary));
        Assert.False(DocumentFilter.IsBinary(utf16));
        Assert.False(DocumentFilter.IsBinary(text));
    }

    [Fact]
    public async Task EnsureMSBuildRegistered_CalledConcurrently_RegistersOnce()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(WorkspaceLoader.EnsureMSBuildRegistered)));
        WorkspaceLoader.EnsureMSBuildRegistered();
        Assert.True(MSBuildLocator.IsRegistered);
    }
}
