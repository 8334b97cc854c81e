using CodeIndex.Core.Errors;
using CodeIndex.Embeddings.Onnx;

namespace CodeIndex.Embeddings.Tests;

/// <summary>Finding and loading the native library, without touching the process environment.</summary>
public sealed class OrtLibraryLocatorTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("codeindex-ort-").FullName;

    [Fact]
    public void Resolve_OverridePointsToMissingFile_ThrowsActionableError()
    {
        var bogus = Path.Combine(_temp, "nope", "libonnxruntime.so.1");

        var ex = Assert.Throws<OperationFailedException>(() => OrtLibraryLocator.Resolve(bogus, _temp, _temp));

        Assert.Equal("onnxruntime_missing", ex.Code);
        Assert.Contains(bogus, ex.Message);
        Assert.Contains("scripts/setup.sh", ex.Message);
        Assert.Contains("CODEINDEX_ONNXRUNTIME", ex.Message);
    }

    [Fact]
    public void Resolve_NothingInstalled_ListsPlacesLookedIn()
    {
        var ex = Assert.Throws<OperationFailedException>(() => OrtLibraryLocator.Resolve(null, _temp, _temp));

        Assert.Equal("onnxruntime_missing", ex.Code);
        Assert.Contains(Path.Combine(_temp, "libonnxruntime.so.1"), ex.Message);
        Assert.Contains(Path.Combine(_temp, ".tools", "onnxruntime", "libonnxruntime.so.1"), ex.Message);
        Assert.Contains("onnxruntime-node@1.30.0", ex.Message);
    }

    [Fact]
    public void Resolve_ToolsFolderAboveCurrentDirectory_FindsIt()
    {
        var library = Path.Combine(_temp, ".tools", "onnxruntime", "libonnxruntime.so.1");
        Directory.CreateDirectory(Path.GetDirectoryName(library)!);
        File.WriteAllText(library, "");
        var deep = Directory.CreateDirectory(Path.Combine(_temp, "a", "b")).FullName;
        var elsewhere = Directory.CreateTempSubdirectory("codeindex-ort-base-").FullName;

        try
        {
            Assert.Equal(library, OrtLibraryLocator.Resolve(null, elsewhere, deep));
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public void Resolve_LibraryNextToApp_PreferredOverToolsFolder()
    {
        var nextToApp = Path.Combine(_temp, "libonnxruntime.so.1");
        File.WriteAllText(nextToApp, "");
        Directory.CreateDirectory(Path.Combine(_temp, ".tools", "onnxruntime"));
        File.WriteAllText(Path.Combine(_temp, ".tools", "onnxruntime", "libonnxruntime.so.1"), "");

        Assert.Equal(nextToApp, OrtLibraryLocator.Resolve(null, _temp, _temp));
    }

    [Fact]
    public void Load_FileIsNotALibrary_ThrowsActionableError()
    {
        var bogus = Path.Combine(_temp, "libonnxruntime.so.1");
        File.WriteAllText(bogus, "not a shared object");

        var ex = Assert.Throws<OperationFailedException>(() => OrtApi.Load(bogus));

        Assert.Equal("onnxruntime_missing", ex.Code);
        Assert.Contains(bogus, ex.Message);
        Assert.Contains("scripts/setup.sh", ex.Message);
    }

    [Fact]
    public void Instance_InstalledLibrary_ReportsVersion()
    {
        Assert.Matches(@"^1\.\d+\.\d+", OrtApi.Instance.Version);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
