using Microsoft.ML.OnnxRuntime;

namespace CodeIndex.Embeddings.Onnx;

/// <summary>Session options: intra-op threads (default 2), graph optimisation level (default all) and whether idle intra-op threads
/// spin (ONNX Runtime's default) or sleep (<c>session.intra_op.allow_spinning = 0</c>).</summary>
internal sealed record OrtSessionSettings(int IntraOpThreads = 2, GraphOptimizationLevel GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, bool AllowSpinning = true);
