using System.Runtime.CompilerServices;
using CodeIndex.Core.Errors;
using CodeIndex.Embeddings.Onnx;
using CodeIndex.Embeddings.Tokenization;

namespace CodeIndex.Embeddings;

/// <summary>Embeds texts with an ONNX model folder described by its manifest (tokenise, truncate, batch, run).</summary>
public sealed class OnnxTextEmbedder : ITextEmbedder, IDisposable
{
    private readonly OrtSession _session;
    private readonly ITokenizer _tokenizer;
    private readonly OnnxEmbedderOptions _options;
    private readonly string[] _outputNames;

    // Token ids of texts counted by CountTokens and not embedded yet, keyed by the string instance. The embedding pipeline counts a page's
    // tokens to sort it, then embeds the same strings: each text is tokenised once. Embed takes the entry out; an entry never embedded goes
    // with its string.
    private readonly ConditionalWeakTable<string, int[]> _counted = new();

    private OnnxTextEmbedder(ModelManifest manifest, OrtSession session, ITokenizer tokenizer, OnnxEmbedderOptions options)
    {
        Manifest = manifest;
        _session = session;
        _tokenizer = tokenizer;
        _options = options;
        _outputNames = [manifest.Output];
    }

    /// <summary>The manifest the model was loaded from.</summary>
    public ModelManifest Manifest { get; }

    public string ModelId => Manifest.Id;

    public int Dimension => Manifest.Dimension;

    internal ITokenizer Tokenizer => _tokenizer;

    internal OrtSession Session => _session;

    /// <summary>Texts counted by <see cref="CountTokens"/> whose token ids wait for <see cref="EmbedAsync"/> (tests).</summary>
    internal int CountedTexts => _counted.Count();

    /// <summary>Loads the model folder <paramref name="modelDirectory"/> (with <c>manifest.json</c>) and opens an ONNX Runtime session.</summary>
    public static OnnxTextEmbedder Load(string modelDirectory, OnnxEmbedderOptions? options = null)
    {
        options ??= new OnnxEmbedderOptions();
        options.Validate();
        var manifest = ModelManifest.Load(modelDirectory);
        ITokenizer tokenizer = manifest.Tokenizer.Kind == ModelTokenizerSpec.WordPiece
            ? WordPieceTokenizer.FromVocabularyFile(manifest.VocabularyPath, manifest.Tokenizer.Lowercase ?? false)
            : UnigramTokenizer.FromVocabularyFile(manifest.VocabularyPath);
        var session = OrtSession.Open(manifest.ModelPath, new OrtSessionSettings(options.IntraOpThreads, AllowSpinning: options.AllowSpinning));
        try
        {
            CheckNames(manifest, session);
            var embedder = new OnnxTextEmbedder(manifest, session, tokenizer, options);
            embedder.Probe();
            return embedder;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts.Count == 0 ? Task.FromResult(Array.Empty<float[]>()) : Task.Run(() => Embed(texts, ct), ct);
    }

    /// <remarks>The token ids are kept for this string instance until <see cref="EmbedAsync"/> embeds it, so it is not tokenised twice.</remarks>
    public int CountTokens(string text)
    {
        var tokens = _tokenizer.Encode(text ?? "", Manifest.MaxTokens);
        if (text is not null)
        {
            _counted.AddOrUpdate(text, tokens);
        }

        return tokens.Length;
    }

    /// <summary>Synchronous core of <see cref="EmbedAsync"/>.</summary>
    internal float[][] Embed(IReadOnlyList<string> texts, CancellationToken ct)
    {
        var tokens = new int[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i];
            if (text is not null && _counted.TryGetValue(text, out var counted))
            {
                tokens[i] = counted;
                _counted.Remove(text);
            }
            else
            {
                tokens[i] = _tokenizer.Encode(text ?? "", Manifest.MaxTokens);
            }
        }

        // Texts without tokens never reach the model: USE-lite returns fewer rows when the last text of a batch is empty.
        var result = new float[texts.Count][];
        var order = Enumerable.Range(0, texts.Count).Where(i => tokens[i].Length > 0).OrderBy(i => tokens[i].Length).ToArray();
        foreach (var i in Enumerable.Range(0, texts.Count).Where(i => tokens[i].Length == 0))
        {
            result[i] = new float[Dimension];
        }

        for (var start = 0; start < order.Length; start += _options.BatchSize)
        {
            ct.ThrowIfCancellationRequested();
            var batch = order.AsSpan(start, Math.Min(_options.BatchSize, order.Length - start)).ToArray();
            var rows = RunBatch(batch.Select(i => tokens[i]).ToArray());
            for (var r = 0; r < batch.Length; r++)
            {
                result[batch[r]] = rows[r];
            }
        }

        return result;
    }

    /// <summary>Runs one batch of non-empty token lists and returns one vector per list.</summary>
    internal float[][] RunBatch(IReadOnlyList<int[]> batch)
    {
        if (Manifest.Inputs.Format == ModelInputSpec.DenseIdsMask)
        {
            return RunDenseBatch(batch);
        }

        var (indices, values) = SparseBatch.Build(batch);
        var output = _session.Run([(Manifest.Inputs.Indices!, indices, [values.Length, 2]), (Manifest.Inputs.Values!, values, [values.Length])], _outputNames[0]);
        return ReadPooledRows(output, batch.Count);
    }

    private float[][] RunDenseBatch(IReadOnlyList<int[]> batch)
    {
        var (ids, mask, types, seq) = DenseBatch.Build(batch);
        long[] shape = [batch.Count, seq];
        var inputs = new List<(string, long[], long[])> { (Manifest.Inputs.InputIds!, ids, shape), (Manifest.Inputs.AttentionMask!, mask, shape) };
        if (Manifest.Inputs.TokenTypeIds is { } typesName)
        {
            inputs.Add((typesName, types, shape));
        }

        var output = _session.Run(inputs, _outputNames[0]);
        if (Manifest.Pooling == ModelManifest.PoolingNone)
        {
            return ReadPooledRows(output, batch.Count);
        }

        var outShape = output.Shape;
        if (outShape.Length != 3 || outShape[2] != Dimension)
        {
            throw DimensionMismatch(outShape, "[batch, seq, dimension]");
        }

        if (outShape[0] != batch.Count || outShape[1] != seq)
        {
            throw new InvalidOperationException($"Model '{ModelId}' returned shape [{string.Join(", ", outShape)}] for a batch of {batch.Count} texts of {seq} tokens; expected [{batch.Count}, {seq}, {Dimension}].");
        }

        var hidden = output.Data;
        var rows = Manifest.Pooling == ModelManifest.PoolingCls
            ? EmbeddingPooling.Cls(hidden, batch.Count, seq, Dimension)
            : EmbeddingPooling.Mean(hidden, batch.Count, seq, Dimension, batch.Select(t => t.Length).ToArray());
        if (Manifest.Normalized)
        {
            foreach (var row in rows)
            {
                EmbeddingPooling.Normalize(row);
            }
        }

        return rows;
    }

    /// <summary>Splits a [batch, dimension] output (the model pools) into rows.</summary>
    private float[][] ReadPooledRows((long[] Shape, float[] Data) output, int batchCount)
    {
        var shape = output.Shape;
        if (shape.Length != 2 || shape[1] != Dimension)
        {
            throw DimensionMismatch(shape, "[batch, dimension]");
        }

        if (shape[0] != batchCount)
        {
            throw new InvalidOperationException($"Model '{ModelId}' returned {shape[0]} rows for a batch of {batchCount} texts; expected one row per text.");
        }

        var data = output.Data;
        var rows = new float[batchCount][];
        for (var r = 0; r < rows.Length; r++)
        {
            rows[r] = data.AsSpan(r * Dimension, Dimension).ToArray();
        }

        return rows;
    }

    private OperationFailedException DimensionMismatch(long[] shape, string expected) => new(
        "embedding_dimension_mismatch",
        $"Model '{ModelId}' ({Manifest.ModelPath}) produced output of shape [{string.Join(", ", shape)}], but its manifest declares dimension {Dimension} (expected {expected} with pooling '{Manifest.Pooling}'). To fix this, correct \"dimension\" or \"pooling\" in {Path.Combine(Manifest.Directory, ModelManifest.FileName)}.");

    /// <summary>Runs one short text so a wrong dimension or output layout fails at load, not at the first batch.</summary>
    private void Probe()
    {
        var tokens = _tokenizer.Encode("a", Manifest.MaxTokens);
        if (tokens.Length == 0)
        {
            throw new OperationFailedException("embedding_model_invalid", $"The tokenizer of model '{ModelId}' produced no tokens for the text \"a\": check {Manifest.VocabularyPath}.");
        }

        RunBatch([tokens]);
    }

    private static void CheckNames(ModelManifest manifest, OrtSession session)
    {
        var errors = new List<string>();
        foreach (var name in manifest.Inputs.Names)
        {
            if (!session.InputNames.Contains(name))
            {
                errors.Add($"input '{name}' is not an input of the model (inputs: {string.Join(", ", session.InputNames)})");
            }
        }

        foreach (var name in session.InputNames.Where(n => !manifest.Inputs.Names.Contains(n)))
        {
            errors.Add($"model input '{name}' is not fed by the manifest's \"inputs\" (declared: {string.Join(", ", manifest.Inputs.Names)})");
        }

        if (!session.OutputNames.Contains(manifest.Output))
        {
            errors.Add($"output '{manifest.Output}' is not an output of the model (outputs: {string.Join(", ", session.OutputNames)})");
        }

        if (errors.Count > 0)
        {
            throw new OperationFailedException("embedding_model_invalid", $"The model manifest in '{manifest.Directory}' does not match {manifest.ModelPath}: {string.Join("; ", errors)}.");
        }
    }

    public void Dispose() => _session.Dispose();
}
