using CodeIndex.Core.Errors;
using CodeIndex.Embeddings.Tests.Support;

namespace CodeIndex.Embeddings.Tests;

/// <summary>Manifest validation and load-time checks for wordpiece / dense-ids-mask / mean|cls models.</summary>
public sealed class DenseModelLoadingTests
{
    [Fact]
    public void Load_TinyBert_ReadsDenseManifest()
    {
        var manifest = ModelManifest.Load(TestPaths.TinyBertDirectory);

        Assert.Equal(ModelTokenizerSpec.WordPiece, manifest.Tokenizer.Kind);
        Assert.True(manifest.Tokenizer.Lowercase);
        Assert.Equal(["input_ids", "attention_mask", "token_type_ids"], manifest.Inputs.Names);
        Assert.Equal(ModelManifest.PoolingMean, manifest.Pooling);
        Assert.Equal(8, manifest.Dimension);
        Assert.Equal(32, manifest.MaxTokens);
    }

    [Fact]
    public void Load_SeveralDenseManifestErrors_ReportsAllAtOnce()
    {
        using var folder = new TempModelFolder(
            m =>
            {
                m["tokenizer"]!.AsObject().Remove("lowercase");
                m["inputs"]!.AsObject().Remove("attentionMask");
                m["pooling"] = "max";
                m["maxTokens"] = 1;
            },
            TestPaths.TinyBertDirectory);

        var ex = Assert.Throws<OperationFailedException>(() => OnnxTextEmbedder.Load(folder.Path));

        Assert.Equal("embedding_model_invalid", ex.Code);
        Assert.Contains("\"lowercase\" must be set", ex.Message);
        Assert.Contains("needs \"inputIds\" and \"attentionMask\"", ex.Message);
        Assert.Contains("pooling 'max'", ex.Message);
        Assert.Contains("\"maxTokens\" must be >= 2 for wordpiece", ex.Message);
    }

    [Fact]
    public void Validate_MeanPoolingWithSparseInputs_IsAnError()
    {
        using var folder = new TempModelFolder(m => m["pooling"] = "mean");

        var ex = Assert.Throws<OperationFailedException>(() => OnnxTextEmbedder.Load(folder.Path));

        Assert.Contains("pooling 'mean' needs a token-level output", ex.Message);
    }

    [Fact]
    public void Validate_UnknownInputFormat_IsAnError()
    {
        using var folder = new TempModelFolder(m => m["inputs"]!["format"] = "ragged", TestPaths.TinyBertDirectory);

        var ex = Assert.Throws<OperationFailedException>(() => OnnxTextEmbedder.Load(folder.Path));

        Assert.Contains("inputs format 'ragged' is not supported", ex.Message);
    }

    [Fact]
    public void Load_InputNameNotInModel_ThrowsListingModelInputs()
    {
        using var folder = new TempModelFolder(m => m["inputs"]!["inputIds"] = "ids", TestPaths.TinyBertDirectory);

        var ex = Assert.Throws<OperationFailedException>(() => OnnxTextEmbedder.Load(folder.Path));

        Assert.Equal("embedding_model_invalid", ex.Code);
        Assert.Contains("input 'ids' is not an input of the model", ex.Message);
        Assert.Contains("model input 'input_ids' is not fed", ex.Message);
    }

    [Fact]
    public void Load_TokenTypeIdsOmittedButModelNeedsThem_Throws()
    {
        using var folder = new TempModelFolder(m => m["inputs"]!.AsObject().Remove("tokenTypeIds"), TestPaths.TinyBertDirectory);

        var ex = Assert.Throws<OperationFailedException>(() => OnnxTextEmbedder.Load(folder.Path));

        Assert.Contains("model input 'token_type_ids' is not fed", ex.Message);
    }

    [Fact]
    public void Load_DimensionWrong_ThrowsNamingBothDimensions()
    {
        using var folder = new TempModelFolder(m => m["dimension"] = 16, TestPaths.TinyBertDirectory);

        var ex = Assert.Throws<OperationFailedException>(() => OnnxTextEmbedder.Load(folder.Path));

        Assert.Equal("embedding_dimension_mismatch", ex.Code);
        Assert.Contains("[1, 3, 8]", ex.Message); // probe "a" = [CLS] a [SEP]
        Assert.Contains("dimension 16", ex.Message);
    }

    [Fact]
    public void Load_PoolingNoneOnTokenLevelOutput_ThrowsDimensionMismatch()
    {
        using var folder = new TempModelFolder(m => m["pooling"] = "none", TestPaths.TinyBertDirectory);

        var ex = Assert.Throws<OperationFailedException>(() => OnnxTextEmbedder.Load(folder.Path));

        Assert.Equal("embedding_dimension_mismatch", ex.Code);
        Assert.Contains("[batch, dimension]", ex.Message);
    }

    [Fact]
    public void Load_VocabularyWithoutSpecialTokens_Throws()
    {
        using var folder = new TempModelFolder(m => m["tokenizer"]!["vocabFile"] = "vocab.txt", TestPaths.TinyBertDirectory);
        File.WriteAllLines(folder.File("vocab.txt"), ["[PAD]", "a", "b"]);

        var ex = Assert.Throws<OperationFailedException>(() => OnnxTextEmbedder.Load(folder.Path));

        Assert.Equal("embedding_model_invalid", ex.Code);
        Assert.Contains("[CLS], [SEP], [UNK]", ex.Message);
        Assert.Contains(folder.File("vocab.txt"), ex.Message);
    }
}
