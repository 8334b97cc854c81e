namespace CodeIndex.Extraction.Tests.Support;

/// <summary>Extracts the sample sources once per test class.</summary>
public sealed class SampleExtractionFixture
{
    internal ExtractionResult Result { get; } = ExtractionResult.SamplesAsync().GetAwaiter().GetResult();
}

/// <summary>Extracts the Uses sources once per test class.</summary>
public sealed class UsesExtractionFixture
{
    internal ExtractionResult Result { get; } = ExtractionResult.RunAsync(SampleWorkspace.UsesTargets()).GetAwaiter().GetResult();
}
