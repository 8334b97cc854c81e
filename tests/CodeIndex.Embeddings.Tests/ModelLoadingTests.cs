using CodeIndex.Core.Errors;
using CodeIndex.Embeddings.Onnx;
using CodeIndex.Embeddings.Tests.Support;

namespace CodeIndex.Embeddings.Tests;

/// <summary>Clear errors for broken model folders: manifest, files, names, dimension.</summary>
public sealed class ModelLoadingTests
{
    [Fact]
    public void Load_ManifestDimensionWrong_ThrowsNamingBothDimensions()
    {
        using var folder = new TempModelFolder(m => m["dimension"] = 384);

        var ex = Assert.Throws<OperationFailedException>(() => OnnxTextEmbedder.Load(folder.Path));

        Assert.Equal("embedding_dimension_mismatch", ex.Code);
        Assert.Contains("384", ex.Message);
        Assert.Contains("512", ex.Message);
        Assert.Contains("manifest.json", ex.Message);
    }

    [Fact]
    public void Load_ModelFileMissing_ThrowsNamingTheFile()
    {
        using var folder = new TempModelFolder(m => m["modelFile"] = "absent.onnx");

        var ex = Assert.Throws<OperationFailedException>(() => OnnxTextEmbedder.Load(folder.Path));

        Assert.Equal("embedding_model_invalid", ex.Code);
        Assert.Contains(folder.File("absent.onnx"), ex.Message);
    }

    [Fact]
    public void Load_ModelFileCorrupt_ThrowsNamingTheFileAndOrtReason()
    {
        using var folder = new TempModelFolder(m => m["modelFile"] = "model.onnx");
        File.WriteAllBytes(folder.File("model.onnx"), [0x08, 0x07, 0xFF, 0xFF, 0x42, 0x13, 0x37]);

        var ex = Assert.Throws<OperationFailedException>(() => OnnxTextEmbedder.Load(folder.Path));

        Assert.Equal("embedding_model_invalid", ex.Code);
        Assert.Contains(folder.File("model.onnx"), ex.Message);
        var ort = Assert.IsType<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(ex.InnerException);
        Assert.False(string.IsNullOrWhiteSpace(ort.Message));
        Assert.Contains(ort.Message, ex.Message);
    }

    [Fact]
    public void Open_MissingModelFile_ThrowsNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"codeindex-missing-{Guid.NewGuid():N}.onnx");

        var ex = Assert.Throws<OperationFailedException>(() => OrtSession.Open(path, new OrtSessionSettings()));

        Assert.Equal("embedding_model_missing", ex.Code);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void Load_NoManifest_ThrowsNamingTheFolder()
    {
        var empty = Directory.CreateTempSubdirectory("codeindex-nomodel-").FullName;
        try
        {
            var ex = Assert.Throws<OperationFailedException>(() => OnnxTextEmbedder.Load(empty));

            Assert.Equal("embedding_model_missing", ex.Code);
            Assert.Contains(empty, ex.Message);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void Load_SeveralManifestErrors_ReportsAllAtOnce()
    {
        using var folder = new TempModelFolder(m =>
        {
            m["dimension"] = 0;
            m["pooling"] = "max";
            m["tokenizer"]!["kind"] = "bpe";
        });

        var ex = Assert.Throws<OperationFailedException>(() => OnnxTextEmbedder.Load(folder.Path));

        Assert.Equal("embedding_model_invalid", ex.Code);
        Assert.Contains("\"dimension\" must be > 0", ex.Message);
        Assert.Contains("pooling 'max'", ex.Message);
        Assert.Contains("tokenizer kind 'bpe'", ex.Message);
    }

    [Fact]
    public void Load_InputNameNotInModel_ThrowsListingModelInputs()
    {
        using var folder = new TempModelFolder(m => m["inputs"]!["values"] = "token_ids");

        var ex = Assert.Throws<OperationFailedException>(() => OnnxTextEmbedder.Load(folder.Path));

        Assert.Equal("embedding_model_invalid", ex.Code);
        Assert.Contains("'token_ids'", ex.Message);
        Assert.Contains("indices", ex.Message);
    }

    [Fact]
    public void Load_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentException>(() => OnnxTextEmbedder.Load(TestPaths.UseLiteDirectory, new OnnxEmbedderOptions { BatchSize = 0 }));
    }

    [Fact]
    public void Session_UseLite_ListsManifestNames()
    {
        var manifest = ModelManifest.Load(TestPaths.UseLiteDirectory);
        using var session = OrtSession.Open(manifest.ModelPath, new OrtSessionSettings(1));

        Assert.Equal(["indices", "values"], session.InputNames.Order());
        Assert.Contains(manifest.Output, session.OutputNames);
    }

    [Fact]
    public void Run_UnknownInputName_ThrowsOnnxRuntimeExceptionNamingTheInput()
    {
        var manifest = ModelManifest.Load(TestPaths.UseLiteDirectory);
        using var session = OrtSession.Open(manifest.ModelPath, new OrtSessionSettings(1));

        var ex = Assert.Throws<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(() => session.Run([("no_such_input", [11L], [1L])], manifest.Output));

        Assert.Contains("no_such_input", ex.Message);
    }
}
