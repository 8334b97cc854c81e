using CodeIndex.Extraction.Tests.Support;
using Microsoft.CodeAnalysis;

namespace CodeIndex.Extraction.Tests;

/// <summary>Stability across runs, unreadable documents, cancellation.</summary>
public sealed class RobustnessTests
{
    [Fact]
    public async Task ExtractAsync_TwiceOverSameSources_YieldsIdenticalRecordsAndHashes()
    {
        var first = await ExtractionResult.SamplesAsync();
        var second = await ExtractionResult.SamplesAsync();

        Assert.Equal(first.Symbols.Count, second.Symbols.Count);
        for (var i = 0; i < first.Symbols.Count; i++)
        {
            Assert.Equal(first.Symbols[i].SymbolKey, second.Symbols[i].SymbolKey);
            Assert.Equal(first.Symbols[i].ContentHash, second.Symbols[i].ContentHash);
            Assert.Equal(first.Symbols[i].Locations, second.Symbols[i].Locations);
        }

        Assert.Equal(first.Relationships, second.Relationships);
        Assert.All(first.Symbols, s => Assert.Matches("^[0-9a-f]{64}$", s.ContentHash));
    }

    [Fact]
    public async Task ExtractAsync_ChangedMethodBody_ChangesOnlyThatMembersHashAndItsTypes()
    {
        const string before = "namespace N; public class C { public int A() => 1; public int B() => 2; }";
        const string after = "namespace N; public class C { public int A() => 1; public int B() => 3; }";
        var one = await ExtractionResult.RunAsync([SampleWorkspace.Single("P", ("X/C.cs", SampleWorkspace.Text(before)))]);
        var two = await ExtractionResult.RunAsync([SampleWorkspace.Single("P", ("X/C.cs", SampleWorkspace.Text(after)))]);

        Assert.Equal(one.Symbol("M:N.C.A").ContentHash, two.Symbol("M:N.C.A").ContentHash);
        Assert.NotEqual(one.Symbol("M:N.C.B").ContentHash, two.Symbol("M:N.C.B").ContentHash);
        Assert.NotEqual(one.Symbol("T:N.C").ContentHash, two.Symbol("T:N.C").ContentHash);
    }

    [Fact]
    public async Task ExtractAsync_UnreadableDocument_IsSkippedWithReasonAndOthersExtracted()
    {
        var target = SampleWorkspace.Single(
            "P",
            ("X/Good.cs", SampleWorkspace.Text("namespace N; public class Good { public void M() { } }")),
            ("X/Gone.cs", new ThrowingLoader()));

        var result = await ExtractionResult.RunAsync([target]);

        result.Symbol("T:N.Good");
        var skipped = Assert.Single(result.Stats.SkippedDocuments);
        Assert.Equal("X/Gone.cs", skipped.FilePath);
        Assert.StartsWith("unreadable:", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(1, result.Stats.Documents);
    }

    [Fact]
    public async Task ExtractAsync_CancelledToken_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ExtractionResult.RunAsync(SampleWorkspace.SampleTargets(), cancellation.Token));
    }

    /// <summary>A document whose file disappeared between loading and extraction.</summary>
    private sealed class ThrowingLoader : TextLoader
    {
        public override Task<TextAndVersion> LoadTextAndVersionAsync(LoadTextOptions options, CancellationToken cancellationToken) =>
            throw new FileNotFoundException("Could not find file.", "X/Gone.cs");
    }
}
