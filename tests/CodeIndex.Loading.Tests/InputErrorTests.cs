using CodeIndex.Core.Errors;
using CodeIndex.Loading.Tests.Support;

namespace CodeIndex.Loading.Tests;

[Collection(MSBuildCollection.Name)]
public sealed class InputErrorTests
{
    [Fact]
    public async Task LoadAsync_MissingPath_ThrowsPathNotFound()
    {
        using var temp = new TempDirectory();
        var ex = await Assert.ThrowsAsync<UserInputException>(() => new WorkspaceLoader().LoadAsync(new LoadOptions(Path.Combine(temp.Path, "nope.sln"))));
        Assert.Equal("path_not_found", ex.Code);
        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Contains("To fix this", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_FolderWithoutCSharp_ThrowsNoCSharp()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Path, "README.md"), "# nothing here");
        Directory.CreateDirectory(Path.Combine(temp.Path, "obj"));
        File.WriteAllText(Path.Combine(temp.Path, "obj", "Generated.cs"), "class Generated { }");
        var ex = await Assert.ThrowsAsync<UserInputException>(() => new WorkspaceLoader().LoadAsync(new LoadOptions(temp.Path)));
        Assert.Equal("no_csharp", ex.Code);
    }

    [Fact]
    public async Task LoadAsync_FolderWithOnlyVbProject_ThrowsNoCSharpNamingIt()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Path, "App.vbproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        var ex = await Assert.ThrowsAsync<UserInputException>(() => new WorkspaceLoader().LoadAsync(new LoadOptions(temp.Path)));
        Assert.Equal("no_csharp", ex.Code);
        Assert.Contains("App.vbproj", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_SeveralSolutionsNoneNamedLikeFolder_ThrowsListingThem()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Path, "One.sln"), string.Empty);
        File.WriteAllText(Path.Combine(temp.Path, "Two.slnx"), "<Solution />");
        var ex = await Assert.ThrowsAsync<UserInputException>(() => new WorkspaceLoader().LoadAsync(new LoadOptions(temp.Path)));
        Assert.Equal("ambiguous_solution", ex.Code);
        Assert.Contains("One.sln", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Two.slnx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SeveralSolutionsOneNamedLikeFolder_PicksIt()
    {
        using var temp = new TempDirectory();
        var folder = Path.Combine(temp.Path, "Repo");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "Other.sln"), string.Empty);
        File.WriteAllText(Path.Combine(folder, "Repo.slnx"), "<Solution />");
        var input = InputResolver.Resolve(folder, CancellationToken.None);
        Assert.Equal(Path.Combine(folder, "Repo.slnx"), input.Path);
        Assert.Equal(InputKind.Projects, input.Kind);
    }

    [Fact]
    public void Resolve_FolderWithProjects_SkipsBinObjAndSymlinkedFolders()
    {
        using var temp = new TempDirectory();
        foreach (var dir in new[] { "src/A", "bin/B", "src/obj/C", "node_modules/D" })
        {
            Directory.CreateDirectory(Path.Combine(temp.Path, dir));
            File.WriteAllText(Path.Combine(temp.Path, dir, Path.GetFileName(dir) + ".csproj"), "<Project />");
        }

        Directory.CreateSymbolicLink(Path.Combine(temp.Path, "linked"), Path.Combine(temp.Path, "src"));
        Directory.CreateSymbolicLink(Path.Combine(temp.Path, "src", "A", "loop"), temp.Path);
        var input = InputResolver.Resolve(temp.Path, CancellationToken.None);
        Assert.Equal(InputKind.Projects, input.Kind);
        Assert.Equal([Path.Combine(temp.Path, "src", "A", "A.csproj")], input.Files);
    }

    [Fact]
    public async Task LoadAsync_OnlyAMalformedProject_ThrowsNothingLoaded()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Path, "Bad.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>");
        var ex = await Assert.ThrowsAsync<OperationFailedException>(() => new WorkspaceLoader().LoadAsync(new LoadOptions(temp.Path, Restore: false)));
        Assert.Equal("nothing_loaded", ex.Code);
        Assert.Equal(ExitCodes.Failure, ex.ExitCode);
        Assert.Contains("Bad.csproj", ex.Message, StringComparison.Ordinal);
    }
}
