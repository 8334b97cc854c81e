using System.Text.Json;
using System.Text.Json.Serialization;
using CodeIndex.Core.Errors;

namespace CodeIndex.Embeddings;

/// <summary>What a model folder's <c>manifest.json</c> declares: files, tokenizer, tensor names, pooling, dimension.</summary>
public sealed record ModelManifest
{
    /// <summary>Name of the manifest file inside a model folder.</summary>
    public const string FileName = "manifest.json";

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

    /// <summary><c>none</c> = the model outputs one vector per text.</summary>
    public string Pooling { get; init; } = "none";

    /// <summary>Tokens per text; longer texts are truncated.</summary>
    public int MaxTokens { get; init; } = 512;

    /// <summary>Whether the output is already L2-normalised.</summary>
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

        if (!File.Exists(ModelPath))
        {
            errors.Add($"model file '{ModelPath}' does not exist");
        }

        if (!File.Exists(VocabularyPath))
        {
            errors.Add($"vocabulary file '{VocabularyPath}' does not exist");
        }

        if (Tokenizer.Kind != ModelTokenizerSpec.SentencePieceUnigram)
        {
            errors.Add($"tokenizer kind '{Tokenizer.Kind}' is not supported (supported: {ModelTokenizerSpec.SentencePieceUnigram})");
        }

        if (Inputs.Format != ModelInputSpec.SparseIndicesValues || string.IsNullOrEmpty(Inputs.Indices) || string.IsNullOrEmpty(Inputs.Values))
        {
            errors.Add($"inputs must have format '{ModelInputSpec.SparseIndicesValues}' with \"indices\" and \"values\" names");
        }

        if (string.IsNullOrWhiteSpace(Output))
        {
            errors.Add("\"output\" is missing");
        }

        if (Pooling != "none")
        {
            errors.Add($"pooling '{Pooling}' is not supported (supported: none)");
        }

        return errors;
    }
}

/// <summary>Tokenizer section of a manifest.</summary>
public sealed record ModelTokenizerSpec
{
    /// <summary>USE-lite's SentencePiece-style unigram tokenizer (vocab: JSON array of [piece, score]).</summary>
    public const string SentencePieceUnigram = "sentencepiece-unigram";

    public string Kind { get; init; } = "";

    public string VocabFile { get; init; } = "";
}

/// <summary>Input section of a manifest: the tensor layout and names.</summary>
public sealed record ModelInputSpec
{
    /// <summary>int64 indices [N, 2] (text, position) and values [N] (token ids).</summary>
    public const string SparseIndicesValues = "sparse-indices-values";

    public string Format { get; init; } = "";

    public string? Indices { get; init; }

    public string? Values { get; init; }
}
