using CodeIndex.Core.Errors;
using Microsoft.ML.OnnxRuntime;

namespace CodeIndex.Embeddings.Onnx;

/// <summary>
/// One ONNX Runtime session of a model (the official <c>Microsoft.ML.OnnxRuntime</c> package, its native library inside):
/// opened once per process and model with our options, then run from any thread (<see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// is thread-safe). Inputs are int64 tensors over the caller's arrays, without a copy; the output is read as floats.
/// </summary>
internal sealed class OrtSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();

    private OrtSession(InferenceSession session, string modelPath)
    {
        _session = session;
        ModelPath = modelPath;
        InputNames = [.. session.InputMetadata.Keys];
        OutputNames = [.. session.OutputMetadata.Keys];
    }

    public string ModelPath { get; }

    public IReadOnlyList<string> InputNames { get; }

    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>Opens <paramref name="modelPath"/>; a missing, corrupt or truncated file is reported naming the file.</summary>
    public static OrtSession Open(string modelPath, OrtSessionSettings settings)
    {
        var fullPath = Path.GetFullPath(modelPath);
        if (!File.Exists(fullPath))
        {
            throw new OperationFailedException("embedding_model_missing", $"The model file '{fullPath}' does not exist. To fix this, restore the model folder (it is committed under models/) or point the configuration at a folder with a manifest.json and its files.");
        }

        using var options = new SessionOptions
        {
            IntraOpNumThreads = settings.IntraOpThreads,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = settings.GraphOptimizationLevel,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        if (!settings.AllowSpinning)
        {
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        }

        try
        {
            return new OrtSession(new InferenceSession(fullPath, options), fullPath);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new OperationFailedException("embedding_model_invalid", $"The model file '{fullPath}' could not be loaded by ONNX Runtime ({ex.Message}). The file may be corrupt or truncated: restore it from the repository.", ex);
        }
    }

    /// <summary>Runs the model on named int64 inputs (data and shape) and returns one output's shape and values.</summary>
    public (long[] Shape, float[] Data) Run(IReadOnlyList<(string Name, long[] Data, long[] Shape)> inputs, string outputName)
    {
        var values = new OrtValue[inputs.Count];
        try
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                values[i] = OrtValue.CreateTensorValueFromMemory(inputs[i].Data, inputs[i].Shape); // pins the array: no copy
            }

            using var outputs = _session.Run(_runOptions, inputs.Select(i => i.Name).ToArray(), values, [outputName]);
            var output = outputs[0];
            return (output.GetTensorTypeAndShape().Shape, output.GetTensorDataAsSpan<float>().ToArray());
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
