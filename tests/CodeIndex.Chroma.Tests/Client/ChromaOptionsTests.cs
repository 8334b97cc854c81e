using System.Text.RegularExpressions;
using CodeIndex.Chroma.Client;
using CodeIndex.Chroma.Outbox;
using CodeIndex.Core.Errors;

namespace CodeIndex.Chroma.Tests.Client;

public sealed partial class ChromaOptionsTests
{
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9._-]{1,510}[a-zA-Z0-9]$")]
    private static partial Regex ValidChromaName();

    [Fact]
    public void FromEnvironment_NothingConfigured_ReturnsNull() =>
        Assert.Null(ChromaOptions.FromEnvironment(null, _ => null));

    [Fact]
    public void FromEnvironment_CliAndEnvironment_CliWins()
    {
        var options = ChromaOptions.FromEnvironment("http://cli:8000", _ => "http://env:9000")!;
        Assert.Equal(new Uri("http://cli:8000"), options.Url);
        Assert.Equal(ChromaOptions.DefaultConnectTimeout, options.ConnectTimeout);
        Assert.Equal(new Uri("http://env:9000"), ChromaOptions.FromEnvironment(" ", name => name == ChromaOptions.EnvironmentVariable ? "http://env:9000" : null)!.Url);
    }

    [Fact]
    public void FromEnvironment_InvalidUrl_ThrowsUsageErrorNamingTheSource()
    {
        var e = Assert.Throws<UserInputException>(() => ChromaOptions.FromEnvironment(null, _ => "localhost 8000"));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains(ChromaOptions.EnvironmentVariable, e.Message, StringComparison.Ordinal);
        Assert.Throws<UserInputException>(() => ChromaOptions.FromEnvironment("ftp://host/", _ => null));
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsAllAtOnce()
    {
        var options = new ChromaOptions(new Uri("http://h"), TimeSpan.Zero, TimeSpan.FromSeconds(-1), MaxBatchSize: 0);
        var e = Assert.Throws<UserInputException>(options.Validate);
        Assert.Contains("connect timeout", e.Message, StringComparison.Ordinal);
        Assert.Contains("request timeout", e.Message, StringComparison.Ordinal);
        Assert.Contains("max batch size", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_NothingConfigured_ThrowsNotConfiguredWithFix()
    {
        var previous = Environment.GetEnvironmentVariable(ChromaOptions.EnvironmentVariable);
        if (!string.IsNullOrEmpty(previous))
        {
            return; // The environment configures Chroma; the unconfigured path is covered by FromEnvironment_NothingConfigured_ReturnsNull.
        }

        var e = Assert.Throws<UserInputException>(() => ChromaOptions.Require(null));
        Assert.Equal("chroma_not_configured", e.Code);
        Assert.Contains("--chroma", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "use-lite", "codeindex-1-use-lite")]
    [InlineData(42, "model_v2.1", "codeindex-42-model_v2.1")]
    public void CollectionName_SafeModelId_KeepsItVerbatim(long repositoryId, string modelId, string expected) =>
        Assert.Equal(expected, ChromaCollectionNames.For(repositoryId, modelId));

    [Theory]
    [InlineData("sentence-transformers/all-MiniLM-L6-v2")]
    [InlineData("model:latest")]
    [InlineData("ends-with-dot.")]
    [InlineData("日本語")]
    [InlineData("///")]
    public void CollectionName_UnsafeModelId_IsValidAndHashed(string modelId)
    {
        var name = ChromaCollectionNames.For(7, modelId);
        Assert.Matches(ValidChromaName(), name);
        Assert.StartsWith("codeindex-7-", name, StringComparison.Ordinal);
        Assert.Matches("-[0-9a-f]{8}$", name);
    }

    [Fact]
    public void CollectionName_IdsThatSanitizeAlike_GetDistinctNames()
    {
        Assert.NotEqual(ChromaCollectionNames.For(1, "a/b"), ChromaCollectionNames.For(1, "a:b"));
        Assert.NotEqual(ChromaCollectionNames.For(1, "a/b"), ChromaCollectionNames.For(1, "a-b"));
        Assert.NotEqual(ChromaCollectionNames.For(1, "m"), ChromaCollectionNames.For(2, "m"));
    }

    [Fact]
    public void CollectionName_VeryLongModelId_FitsIn512Characters()
    {
        var name = ChromaCollectionNames.For(long.MaxValue, new string('x', 600) + "/y");
        Assert.InRange(name.Length, 3, 512);
        Assert.Matches(ValidChromaName(), name);
    }

    [Fact]
    public void Backoff_Attempts_GrowExponentiallyWithJitterAndCap()
    {
        var baseDelay = TimeSpan.FromSeconds(1);
        var max = TimeSpan.FromMinutes(5);
        Assert.Equal(TimeSpan.FromSeconds(0.5), OutboxBackoff.Delay(1, baseDelay, max, 0));
        Assert.Equal(TimeSpan.FromSeconds(1), OutboxBackoff.Delay(1, baseDelay, max, 1));
        Assert.Equal(TimeSpan.FromSeconds(4), OutboxBackoff.Delay(4, baseDelay, max, 0));
        Assert.Equal(TimeSpan.FromSeconds(8), OutboxBackoff.Delay(4, baseDelay, max, 1));
        Assert.Equal(max, OutboxBackoff.Delay(30, baseDelay, max, 1));
        Assert.Equal(max, OutboxBackoff.Delay(int.MaxValue, baseDelay, max, 1));
        Assert.Equal(max / 2, OutboxBackoff.Delay(100, baseDelay, max, 0));
    }

    [Fact]
    public void DrainOptions_Invalid_ReportsEveryProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => new ChromaDrainOptions(0, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), TimeSpan.Zero).Validate());
        Assert.Contains("BatchSize", e.Message, StringComparison.Ordinal);
        Assert.Contains("backoff", e.Message, StringComparison.Ordinal);
        Assert.Contains("PollInterval", e.Message, StringComparison.Ordinal);
    }
}
