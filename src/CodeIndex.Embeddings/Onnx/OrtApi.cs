using System.Runtime.InteropServices;
using CodeIndex.Core.Errors;

namespace CodeIndex.Embeddings.Onnx;

/// <summary>The loaded ONNX Runtime C API: the OrtApi function table, called by slot, plus the process-wide OrtEnv.</summary>
internal sealed unsafe partial class OrtApi
{
    // Every slot used here lies in the frozen version-1 block (0-101) of OrtApi, identical for every API version;
    // asking for version 1 keeps any ONNX Runtime 1.x working. Checked with onnxruntime 1.30.0.
    private const uint ApiVersion = 5; // the oldest version that has every slot used (AddSessionConfigEntry)
    private const int LoggingLevelError = 3;

    private static readonly Lock s_gate = new();
    private static OrtApi? s_instance;

    private readonly void** _table;

    private OrtApi(string libraryPath, void** table, string version)
    {
        LibraryPath = libraryPath;
        _table = table;
        Version = version;
        IntPtr env;
        var logId = Marshal.StringToCoTaskMemUTF8("codeindex");
        try
        {
            Check(((delegate* unmanaged<int, IntPtr, IntPtr*, IntPtr>)_table[Slot.CreateEnv])(LoggingLevelError, logId, &env), "CreateEnv");
        }
        finally
        {
            Marshal.FreeCoTaskMem(logId);
        }

        Env = new OrtEnvHandle(this, env);
        IntPtr memoryInfo;
        Check(((delegate* unmanaged<int, int, IntPtr*, IntPtr>)_table[Slot.CreateCpuMemoryInfo])(0, 0, &memoryInfo), "CreateCpuMemoryInfo");
        CpuMemory = new OrtMemoryInfoHandle(this, memoryInfo);
        IntPtr allocator;
        Check(((delegate* unmanaged<IntPtr*, IntPtr>)_table[Slot.GetAllocatorWithDefaultOptions])(&allocator), "GetAllocatorWithDefaultOptions");
        DefaultAllocator = allocator;
    }

    /// <summary>Full path of the loaded native library.</summary>
    public string LibraryPath { get; }

    /// <summary>ONNX Runtime version string, e.g. "1.30.0".</summary>
    public string Version { get; }

    /// <summary>The process-wide environment (never released: it must outlive every session).</summary>
    public OrtEnvHandle Env { get; }

    /// <summary>CPU memory info used for tensors over managed buffers.</summary>
    public OrtMemoryInfoHandle CpuMemory { get; }

    /// <summary>The default allocator (owned by ONNX Runtime, never released).</summary>
    public IntPtr DefaultAllocator { get; }

    /// <summary>Loads the library found by <see cref="OrtLibraryLocator"/> once per process; failures are not cached.</summary>
    public static OrtApi Instance
    {
        get
        {
            lock (s_gate)
            {
                return s_instance ??= Load(OrtLibraryLocator.Resolve());
            }
        }
    }

    internal static OrtApi Load(string path)
    {
        IntPtr library;
        try
        {
            library = NativeLibrary.Load(path);
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            throw new OperationFailedException(
                "onnxruntime_missing",
                $"The ONNX Runtime native library at '{path}' could not be loaded: {ex.Message} To fix this, run scripts/setup.sh "
                + $"(installs it from npm onnxruntime-node@1.30.0) or set {OrtLibraryLocator.EnvironmentVariable}=<full path of {OrtLibraryLocator.FileName}>.",
                ex);
        }

        if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out var getApiBase))
        {
            throw new OperationFailedException("onnxruntime_missing", $"'{path}' does not export OrtGetApiBase: it is not an ONNX Runtime library.");
        }

        var apiBase = ((delegate* unmanaged<IntPtr*>)getApiBase)();
        var version = Marshal.PtrToStringUTF8(((delegate* unmanaged<IntPtr>)apiBase[1])()) ?? "unknown";
        var table = ((delegate* unmanaged<uint, void**>)apiBase[0])(ApiVersion);
        if (table is null)
        {
            throw new OperationFailedException("onnxruntime_missing", $"ONNX Runtime {version} at '{path}' does not serve C API version {ApiVersion}.");
        }

        return new OrtApi(path, table, version);
    }

    /// <summary>Throws <see cref="OnnxRuntimeException"/> for a non-null status, releasing it first.</summary>
    public void Check(IntPtr status, string operation)
    {
        if (status == IntPtr.Zero)
        {
            return;
        }

        var code = ((delegate* unmanaged<IntPtr, int>)_table[Slot.GetErrorCode])(status);
        var message = Marshal.PtrToStringUTF8(((delegate* unmanaged<IntPtr, IntPtr>)_table[Slot.GetErrorMessage])(status)) ?? "";
        ((delegate* unmanaged<IntPtr, void>)_table[Slot.ReleaseStatus])(status);
        throw new OnnxRuntimeException(operation, code, message);
    }

    /// <summary>Calls one of the void Release* functions.</summary>
    public void Release(int slot, IntPtr handle) => ((delegate* unmanaged<IntPtr, void>)_table[slot])(handle);

    /// <summary>Frees memory that ONNX Runtime allocated with the default allocator.</summary>
    public void FreeWithDefaultAllocator(IntPtr memory) =>
        Check(((delegate* unmanaged<IntPtr, IntPtr, IntPtr>)_table[Slot.AllocatorFree])(DefaultAllocator, memory), "AllocatorFree");
}
