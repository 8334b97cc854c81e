using CodeIndex.Core.Errors;

namespace CodeIndex.Embeddings.Onnx;

/// <summary>An ONNX Runtime call failed: carries the runtime's error code and message.</summary>
public sealed class OnnxRuntimeException : CodeIndexException
{
    internal OnnxRuntimeException(string operation, int ortErrorCode, string ortMessage)
        : base("onnxruntime_error", $"ONNX Runtime {operation} failed ({OrtErrorCodeName(ortErrorCode)}): {ortMessage}", ExitCodes.Failure)
    {
        Operation = operation;
        OrtErrorCode = ortErrorCode;
        OrtMessage = ortMessage;
    }

    /// <summary>The C API function that failed, e.g. <c>CreateSession</c>.</summary>
    public string Operation { get; }

    /// <summary>ONNX Runtime's <c>OrtErrorCode</c> (1 = FAIL, 2 = INVALID_ARGUMENT, 3 = NO_SUCHFILE, 7 = INVALID_PROTOBUF, ...).</summary>
    public int OrtErrorCode { get; }

    /// <summary>The message ONNX Runtime returned.</summary>
    public string OrtMessage { get; }

    internal static string OrtErrorCodeName(int code) => code switch
    {
        0 => "ORT_OK",
        1 => "ORT_FAIL",
        2 => "ORT_INVALID_ARGUMENT",
        3 => "ORT_NO_SUCHFILE",
        4 => "ORT_NO_MODEL",
        5 => "ORT_ENGINE_ERROR",
        6 => "ORT_RUNTIME_EXCEPTION",
        7 => "ORT_INVALID_PROTOBUF",
        8 => "ORT_MODEL_LOADED",
        9 => "ORT_NOT_IMPLEMENTED",
        10 => "ORT_INVALID_GRAPH",
        11 => "ORT_EP_FAIL",
        _ => $"ORT error {code}",
    };
}
