using System.Runtime.CompilerServices;
using CodeIndex.Extraction.Tests.Support;

namespace CodeIndex.Extraction.Tests;

/// <summary>Golden-file test: the rendering of all symbols and relationships of the sample sources must match the committed snapshot.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public async Task ExtractAsync_SampleSources_MatchesSnapshot()
    {
        var extraction = await ExtractionResult.SamplesAsync();
        var actual = SnapshotRenderer.Render(extraction.Batches);
        var path = Path.Combine(ProjectDirectory(), "Snapshots", "samples.txt");

        if (Environment.GetEnvironmentVariable("CODEINDEX_UPDATE_SNAPSHOTS") == "1")
        {
            await File.WriteAllTextAsync(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"Snapshot {path} is missing. To create it, run: CODEINDEX_UPDATE_SNAPSHOTS=1 dotnet test tests/CodeIndex.Extraction.Tests");
        var expected = (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n");
        Assert.Equal(expected, actual);
    }

    private static string ProjectDirectory([CallerFilePath] string thisFile = "") => Path.GetDirectoryName(thisFile)!;
}
