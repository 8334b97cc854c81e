namespace CodeIndex.Vectors.Tests.Support;

/// <summary>Reports synchronously on the pipeline's thread (Progress&lt;T&gt; would post asynchronously).</summary>
internal sealed class SyncProgress(Action<int> report) : IProgress<int>
{
    public void Report(int value) => report(value);
}
