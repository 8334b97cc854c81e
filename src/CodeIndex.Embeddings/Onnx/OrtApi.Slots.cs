namespace CodeIndex.Embeddings.Onnx;

internal sealed partial class OrtApi
{
    /// <summary>0-based positions in the OrtApi struct (onnxruntime_c_api.h): the frozen version-1 block 0–101, and
    /// <see cref="AddSessionConfigEntry"/> from version 5.</summary>
    internal static class Slot
    {
        public const int GetErrorCode = 1;
        public const int GetErrorMessage = 2;
        public const int CreateEnv = 3;
        public const int CreateSession = 7;
        public const int Run = 9;
        public const int CreateSessionOptions = 10;
        public const int SetSessionGraphOptimizationLevel = 23;
        public const int SetIntraOpNumThreads = 24;
        public const int SetInterOpNumThreads = 25;
        public const int SessionGetInputCount = 30;
        public const int SessionGetOutputCount = 31;
        public const int SessionGetInputName = 36;
        public const int SessionGetOutputName = 37;
        public const int CreateTensorWithDataAsOrtValue = 49;
        public const int GetTensorMutableData = 51;
        public const int GetTensorElementType = 60;
        public const int GetDimensionsCount = 61;
        public const int GetDimensions = 62;
        public const int GetTensorTypeAndShape = 65;
        public const int CreateCpuMemoryInfo = 69;
        public const int AllocatorFree = 76;
        public const int GetAllocatorWithDefaultOptions = 78;
        public const int ReleaseEnv = 92;
        public const int ReleaseStatus = 93;
        public const int ReleaseMemoryInfo = 94;
        public const int ReleaseSession = 95;
        public const int ReleaseValue = 96;
        public const int ReleaseTensorTypeAndShapeInfo = 99;
        public const int ReleaseSessionOptions = 100;

        /// <summary>Version 5: after 101 ReleaseCustomOpDomain come version 2's 17 entries (102–118), version 3's 6 (119–124),
        /// version 4's 2 (125–126), then GetStringTensorElementLength 127, GetStringTensorElement 128, FillStringTensorElement 129.</summary>
        public const int AddSessionConfigEntry = 130;
    }

    /// <summary>Raw entry of the function table at <paramref name="slot"/>.</summary>
    public unsafe void* this[int slot] => _table[slot];
}
