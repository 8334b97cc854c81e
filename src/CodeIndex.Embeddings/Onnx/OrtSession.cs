using System.Runtime.InteropServices;
using CodeIndex.Core.Errors;

namespace CodeIndex.Embeddings.Onnx;

/// <summary>An ONNX Runtime inference session over one model file: input/output names and Run.</summary>
internal sealed unsafe class OrtSession : IDisposable
{
    private readonly OrtApi _api;
    private readonly OrtSessionHandle _handle;

    private OrtSession(OrtApi api, OrtSessionHandle handle, string modelPath)
    {
        _api = api;
        _handle = handle;
        ModelPath = modelPath;
        InputNames = ReadNames(OrtApi.Slot.SessionGetInputCount, OrtApi.Slot.SessionGetInputName, "Input");
        OutputNames = ReadNames(OrtApi.Slot.SessionGetOutputCount, OrtApi.Slot.SessionGetOutputName, "Output");
    }

    public string ModelPath { get; }

    public IReadOnlyList<string> InputNames { get; }

    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>Opens <paramref name="modelPath"/>; a missing or unreadable file is reported naming the file.</summary>
    public static OrtSession Open(OrtApi api, string modelPath, OrtSessionSettings settings)
    {
        var fullPath = Path.GetFullPath(modelPath);
        if (!File.Exists(fullPath))
        {
            throw new OperationFailedException("embedding_model_missing", $"The model file '{fullPath}' does not exist. To fix this, restore the model folder (it is committed under models/) or point the configuration at a folder with a manifest.json and its files.");
        }

        IntPtr options;
        api.Check(((delegate* unmanaged<IntPtr*, IntPtr>)api[OrtApi.Slot.CreateSessionOptions])(&options), "CreateSessionOptions");
        using var optionsHandle = new OrtSessionOptionsHandle(api, options);
        api.Check(((delegate* unmanaged<IntPtr, int, IntPtr>)api[OrtApi.Slot.SetIntraOpNumThreads])(options, settings.IntraOpThreads), "SetIntraOpNumThreads");
        api.Check(((delegate* unmanaged<IntPtr, int, IntPtr>)api[OrtApi.Slot.SetInterOpNumThreads])(options, 1), "SetInterOpNumThreads");
        api.Check(((delegate* unmanaged<IntPtr, int, IntPtr>)api[OrtApi.Slot.SetSessionGraphOptimizationLevel])(options, settings.GraphOptimizationLevel), "SetSessionGraphOptimizationLevel");
        if (!settings.AllowSpinning)
        {
            AddConfigEntry(api, options, "session.intra_op.allow_spinning", "0");
        }

        var path = Marshal.StringToCoTaskMemUTF8(fullPath);
        try
        {
            IntPtr session;
            try
            {
                api.Check(((delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr*, IntPtr>)api[OrtApi.Slot.CreateSession])(api.Env.DangerousGetHandle(), path, options, &session), "CreateSession");
            }
            catch (OnnxRuntimeException ex)
            {
                throw new OperationFailedException("embedding_model_invalid", $"The model file '{fullPath}' could not be loaded by ONNX Runtime ({OnnxRuntimeException.OrtErrorCodeName(ex.OrtErrorCode)}: {ex.OrtMessage}). The file may be corrupt or truncated: restore it from the repository.", ex);
            }

            return new OrtSession(api, new OrtSessionHandle(api, session), fullPath);
        }
        finally
        {
            Marshal.FreeCoTaskMem(path);
        }
    }

    private static void AddConfigEntry(OrtApi api, IntPtr options, string key, string value)
    {
        var keyUtf8 = Marshal.StringToCoTaskMemUTF8(key);
        var valueUtf8 = Marshal.StringToCoTaskMemUTF8(value);
        try
        {
            api.Check(((delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr>)api[OrtApi.Slot.AddSessionConfigEntry])(options, keyUtf8, valueUtf8), "AddSessionConfigEntry");
        }
        finally
        {
            Marshal.FreeCoTaskMem(keyUtf8);
            Marshal.FreeCoTaskMem(valueUtf8);
        }
    }

    /// <summary>Runs the model on named inputs and returns the requested outputs (caller disposes them).</summary>
    public OrtTensor[] Run(IReadOnlyList<KeyValuePair<string, OrtTensor>> inputs, IReadOnlyList<string> outputNames)
    {
        var inputNames = new IntPtr[inputs.Count];
        var inputValues = new IntPtr[inputs.Count];
        var outNames = new IntPtr[outputNames.Count];
        var outValues = new IntPtr[outputNames.Count];
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            for (var i = 0; i < inputs.Count; i++)
            {
                inputNames[i] = Marshal.StringToCoTaskMemUTF8(inputs[i].Key);
                inputValues[i] = inputs[i].Value.Handle.DangerousGetHandle();
            }

            for (var i = 0; i < outputNames.Count; i++)
            {
                outNames[i] = Marshal.StringToCoTaskMemUTF8(outputNames[i]);
            }

            fixed (IntPtr* pInNames = inputNames, pInValues = inputValues, pOutNames = outNames, pOutValues = outValues)
            {
                var run = (delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr*, nuint, IntPtr*, nuint, IntPtr*, IntPtr>)_api[OrtApi.Slot.Run];
                _api.Check(run(_handle.DangerousGetHandle(), IntPtr.Zero, pInNames, pInValues, (nuint)inputs.Count, pOutNames, (nuint)outNames.Length, pOutValues), "Run");
            }

            var result = new OrtTensor[outValues.Length];
            for (var i = 0; i < outValues.Length; i++)
            {
                result[i] = OrtTensor.Adopt(_api, outValues[i]);
            }

            return result;
        }
        finally
        {
            foreach (var name in inputNames.Concat(outNames))
            {
                Marshal.FreeCoTaskMem(name);
            }

            if (added)
            {
                _handle.DangerousRelease();
            }

            GC.KeepAlive(inputs);
        }
    }

    private string[] ReadNames(int countSlot, int nameSlot, string kind)
    {
        nuint count;
        _api.Check(((delegate* unmanaged<IntPtr, nuint*, IntPtr>)_api[countSlot])(_handle.DangerousGetHandle(), &count), $"Session{kind}Count");
        var names = new string[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            IntPtr name;
            _api.Check(((delegate* unmanaged<IntPtr, nuint, IntPtr, IntPtr*, IntPtr>)_api[nameSlot])(_handle.DangerousGetHandle(), i, _api.DefaultAllocator, &name), $"SessionGet{kind}Name");
            try
            {
                names[(int)i] = Marshal.PtrToStringUTF8(name) ?? "";
            }
            finally
            {
                _api.FreeWithDefaultAllocator(name);
            }
        }

        return names;
    }

    public void Dispose() => _handle.Dispose();
}
