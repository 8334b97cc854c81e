using System.Text.Json;
using System.Text.Json.Serialization;
using CodeIndex.Core.Errors;

namespace CodeIndex.Embeddings;

/// <summary>What a model folder's <c>manifest.json</c> declares: files, tokenizer, tensor names, pooling, dimension.</summary>
public sealed record ModelManifest
{
    /// <summary>Name of the manifest file inside a model folder.</summary>
    public const string FileName = "manifest.json";

    /// <summary>Pooling values.</summary>
    public const string PoolingNone = "none", PoolingMean = "mean", PoolingCls = "cls";

    /// <summary>Stable model id, stored with every vector.</summary>
    public string Id { get; init; } = "";

    /// <summary>Vector length the model produces.</summary>
    public int Dimension { get; init; }

    /// <summary>ONNX file, relative to the folder.</summary>
    public string ModelFile { get; init; } = "model.onnx";

    /// <summary>Tokenizer kind and vocabulary.</summary>
    public ModelTokenizerSpec Tokenizer { get; init; } = new();

    /// <summary>How token ids are fed to the model.</summary>
    public ModelInputSpec Inputs { get; init; } = new();

    /// <summary>Name of the output tensor.</summary>
    public string Output { get; init; } = "";

    /// <summary><c>none</c> = the model outputs one vector per text; <c>mean</c> (mask-weighted) or <c>cls</c> over a [batch, seq, hidden] output.</summary>
    public string Pooling { get; init; } = PoolingNone;

    /// <summary>Tokens per text; longer texts are truncated.</summary>
    public int MaxTokens { get; init; } = 512;

    /// <summary>Whether vectors are unit length: with pooling <c>none</c> the model already normalises; otherwise the embedder L2-normalises after pooling.</summary>
    public bool Normalized { get; init; }

    /// <summary>Folder the manifest was read from.</summary>
    [JsonIgnore]
    public string Directory { get; init; } = "";

    /// <summary>Full path of <see cref="ModelFile"/>.</summary>
    [JsonIgnore]
    public string ModelPath => Path.Combine(Directory, ModelFile);

    /// <summary>Full path of the vocabulary file.</summary>
    [JsonIgnore]
    public string VocabularyPath => Path.Combine(Directory, Tokenizer.VocabFile);

    private static readonly JsonSerializerOptions s_json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    /// <summary>Reads and validates <c>manifest.json</c> in <paramref name="modelDirectory"/>, reporting every problem at once.</summary>
    public static ModelManifest Load(string modelDirectory)
    {
        var directory = Path.GetFullPath(modelDirectory);
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new OperationFailedException("embedding_model_missing", $"No {FileName} in the model folder '{directory}'. To fix this, point the configuration at a model folder such as models/use-lite.");
        }

        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(path), s_json);
        }
        catch (JsonException ex)
        {
            throw new OperationFailedException("embedding_model_invalid", $"The model manifest '{path}' is not valid JSON: {ex.Message}", ex);
        }

        manifest = (manifest ?? new ModelManifest()) with { Directory = directory };
        var errors = manifest.Validate();
        if (errors.Count > 0)
        {
            throw new OperationFailedException("embedding_model_invalid", $"The model manifest '{path}' is invalid: {string.Join("; ", errors)}.");
        }

        return manifest;
    }

    /// <summary>Every problem with this manifest (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Id))
        {
            errors.Add("\"id\" is missing");
        }

        if (Dimension <= 0)
        {
            errors.Add($"\"dimension\" must be > 0 (is {Dimension})");
        }

        if (MaxTokens <= 0)
        {
            errors.Add($"\"maxTokens\" must be > 0 (is {MaxTokens})");
        }
        else if (MaxTokens < 2 && Tokenizer.Kind == ModelTokenizerSpec.WordPiece)
        {
            errors.Add($"\"maxTokens\" must be >= 2 for wordpiece, room for [CLS] and [SEP] (is {MaxTokens})");
        }

        if (!File.Exists(ModelPath))
        {
            errors.Add($"model file '{ModelPath}' does not exist");
        }

        if (!File.Exists(VocabularyPath))
        {
            errors.Add($"vocabulary file '{VocabularyPath}' does not exist");
        }

        errors.AddRange(Tokenizer.Validate());
        errors.AddRange(Inputs.Validate());
        if (string.IsNullOrWhiteSpace(Output))
        {
            errors.Add("\"output\" is missing");
        }

        if (Pooling is not (PoolingNone or PoolingMean or PoolingCls))
        {
            errors.Add($"pooling '{Pooling}' is not supported (supported: {PoolingNone}, {PoolingMean}, {PoolingCls})");
        }
        else if (Pooling != PoolingNone && Inputs.Format == ModelInputSpec.SparseIndicesValues)
        {
            errors.Add($"pooling '{Pooling}' needs a token-level output and inputs format '{ModelInputSpec.DenseIdsMask}'");
        }

        return errors;
    }
}

