using System.Runtime.InteropServices;

namespace CodeIndex.Embeddings.Onnx;

/// <summary>Base of every ONNX Runtime handle: releases the native object through its Release* slot.</summary>
internal abstract class OrtHandle : SafeHandle
{
    private readonly OrtApi _api;
    private readonly int _releaseSlot;

    protected OrtHandle(OrtApi api, IntPtr handle, int releaseSlot)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        _api = api;
        _releaseSlot = releaseSlot;
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected OrtApi Api => _api;

    protected override bool ReleaseHandle()
    {
        _api.Release(_releaseSlot, handle);
        return true;
    }
}

/// <summary>An OrtEnv.</summary>
internal sealed class OrtEnvHandle(OrtApi api, IntPtr handle) : OrtHandle(api, handle, OrtApi.Slot.ReleaseEnv);

/// <summary>An OrtMemoryInfo.</summary>
internal sealed class OrtMemoryInfoHandle(OrtApi api, IntPtr handle) : OrtHandle(api, handle, OrtApi.Slot.ReleaseMemoryInfo);

/// <summary>An OrtSessionOptions.</summary>
internal sealed class OrtSessionOptionsHandle(OrtApi api, IntPtr handle) : OrtHandle(api, handle, OrtApi.Slot.ReleaseSessionOptions);

/// <summary>An OrtSession.</summary>
internal sealed class OrtSessionHandle(OrtApi api, IntPtr handle) : OrtHandle(api, handle, OrtApi.Slot.ReleaseSession);

/// <summary>An OrtTensorTypeAndShapeInfo.</summary>
internal sealed class OrtTypeAndShapeHandle(OrtApi api, IntPtr handle) : OrtHandle(api, handle, OrtApi.Slot.ReleaseTensorTypeAndShapeInfo);

/// <summary>An OrtValue; also keeps the managed buffers it points into pinned until the value is released.</summary>
internal sealed class OrtValueHandle : OrtHandle
{
    private GCHandle[] _pins;

    public OrtValueHandle(OrtApi api, IntPtr handle, params GCHandle[] pins)
        : base(api, handle, OrtApi.Slot.ReleaseValue)
    {
        _pins = pins;
    }

    protected override bool ReleaseHandle()
    {
        base.ReleaseHandle();
        foreach (var pin in _pins)
        {
            if (pin.IsAllocated)
            {
                pin.Free();
            }
        }

        _pins = [];
        return true;
    }
}
