namespace CodeIndex.Embeddings.Onnx;

/// <summary>Session options: intra-op threads (default 2) and graph optimisation level (default 99 = all).</summary>
internal sealed record OrtSessionSettings(int IntraOpThreads = 2, int GraphOptimizationLevel = 99);
