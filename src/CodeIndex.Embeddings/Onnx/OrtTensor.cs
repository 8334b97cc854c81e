using System.Runtime.InteropServices;

namespace CodeIndex.Embeddings.Onnx;

/// <summary>A tensor OrtValue: input tensors over pinned managed arrays, or outputs returned by a run.</summary>
internal sealed unsafe class OrtTensor : IDisposable
{
    /// <summary>ONNXTensorElementDataType values used here.</summary>
    public const int ElementFloat = 1;
    public const int ElementInt64 = 7;

    private readonly OrtApi _api;

    private OrtTensor(OrtApi api, OrtValueHandle handle)
    {
        _api = api;
        Handle = handle;
    }

    public OrtValueHandle Handle { get; }

    /// <summary>Wraps <paramref name="data"/> without copying; the array stays pinned until the tensor is disposed.</summary>
    public static OrtTensor FromInt64(OrtApi api, long[] data, long[] shape) => Create(api, data, sizeof(long), shape, ElementInt64);

    /// <summary>Wraps <paramref name="data"/> without copying; the array stays pinned until the tensor is disposed.</summary>
    public static OrtTensor FromFloat(OrtApi api, float[] data, long[] shape) => Create(api, data, sizeof(float), shape, ElementFloat);

    /// <summary>Takes ownership of an OrtValue returned by ONNX Runtime.</summary>
    public static OrtTensor Adopt(OrtApi api, IntPtr value) => new(api, new OrtValueHandle(api, value));

    private static OrtTensor Create(OrtApi api, Array data, int elementSize, long[] shape, int elementType)
    {
        long expected = 1;
        foreach (var d in shape)
        {
            expected *= d;
        }

        if (expected != data.Length)
        {
            throw new ArgumentException($"Tensor shape [{string.Join(", ", shape)}] needs {expected} elements, but the buffer holds {data.Length}.", nameof(shape));
        }

        var dataPin = GCHandle.Alloc(data, GCHandleType.Pinned);
        var shapePin = GCHandle.Alloc(shape, GCHandleType.Pinned);
        try
        {
            IntPtr value;
            var create = (delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr>)api[OrtApi.Slot.CreateTensorWithDataAsOrtValue];
            var memoryAdded = false;
            api.CpuMemory.DangerousAddRef(ref memoryAdded);
            try
            {
                api.Check(
                    create(
                        api.CpuMemory.DangerousGetHandle(),
                        (void*)dataPin.AddrOfPinnedObject(),
                        (nuint)((long)data.Length * elementSize),
                        (long*)shapePin.AddrOfPinnedObject(),
                        (nuint)shape.Length,
                        elementType,
                        &value),
                    "CreateTensorWithDataAsOrtValue");
            }
            finally
            {
                if (memoryAdded)
                {
                    api.CpuMemory.DangerousRelease();
                }
            }

            return new OrtTensor(api, new OrtValueHandle(api, value, dataPin, shapePin));
        }
        catch
        {
            dataPin.Free();
            shapePin.Free();
            throw;
        }
    }

    /// <summary>The tensor's element type (ONNXTensorElementDataType).</summary>
    public int ElementType
    {
        get
        {
            using var info = TypeAndShape();
            int type;
            _api.Check(((delegate* unmanaged<IntPtr, int*, IntPtr>)_api[OrtApi.Slot.GetTensorElementType])(info.DangerousGetHandle(), &type), "GetTensorElementType");
            return type;
        }
    }

    /// <summary>The tensor's dimensions.</summary>
    public long[] Shape
    {
        get
        {
            using var info = TypeAndShape();
            nuint count;
            _api.Check(((delegate* unmanaged<IntPtr, nuint*, IntPtr>)_api[OrtApi.Slot.GetDimensionsCount])(info.DangerousGetHandle(), &count), "GetDimensionsCount");
            var dims = new long[(int)count];
            fixed (long* p = dims)
            {
                _api.Check(((delegate* unmanaged<IntPtr, long*, nuint, IntPtr>)_api[OrtApi.Slot.GetDimensions])(info.DangerousGetHandle(), p, count), "GetDimensions");
            }

            return dims;
        }
    }

    /// <summary>Copies the data of a float tensor into a new array.</summary>
    public float[] ToFloatArray()
    {
        if (ElementType != ElementFloat)
        {
            throw new InvalidOperationException($"Expected a float tensor (element type {ElementFloat}), but the tensor has element type {ElementType}.");
        }

        long length = 1;
        foreach (var d in Shape)
        {
            length *= d;
        }

        void* data;
        _api.Check(((delegate* unmanaged<IntPtr, void**, IntPtr>)_api[OrtApi.Slot.GetTensorMutableData])(Handle.DangerousGetHandle(), &data), "GetTensorMutableData");
        return new ReadOnlySpan<float>(data, checked((int)length)).ToArray();
    }

    private OrtTypeAndShapeHandle TypeAndShape()
    {
        IntPtr info;
        _api.Check(((delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)_api[OrtApi.Slot.GetTensorTypeAndShape])(Handle.DangerousGetHandle(), &info), "GetTensorTypeAndShape");
        return new OrtTypeAndShapeHandle(_api, info);
    }

    public void Dispose() => Handle.Dispose();
}
