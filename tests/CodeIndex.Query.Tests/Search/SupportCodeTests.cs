namespace CodeIndex.Query.Tests.Search;

/// <summary>Which symbols count as test or benchmark code for hybrid ranking.</summary>
public sealed class SupportCodeTests
{
    [Theory]
    [InlineData("CodeIndex.Query.Tests", true)]
    [InlineData("CodeIndex.Testing", true)]
    [InlineData("CodeIndex.Benchmarks", true)]
    [InlineData("Shop.UnitTests", true)]
    [InlineData("Shop.IntegrationTests", true)]
    [InlineData("ShopTests", true)]
    [InlineData("Shop.Specs", true)]
    [InlineData("Shop.Test", true)]
    [InlineData("Tests", true)]
    [InlineData("CodeIndex.Query", false)]
    [InlineData("Shop.Latest", false)] // "test" inside a word is not the suffix Test
    [InlineData("Shop.Contest", false)]
    [InlineData("Shop.Testing.Core", false)] // only the last segment counts
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsSupportProject(string? project, bool expected) => Assert.Equal(expected, SupportCode.IsSupportProject(project));

    [Theory]
    [InlineData("tests/CodeIndex.Testing/DatabaseFixture.cs", true)]
    [InlineData("benchmarks/CodeIndex.Benchmarks/BenchmarkApp.cs", true)]
    [InlineData("src/Shop/Test/Helpers.cs", true)]
    [InlineData(@"Tests\Shop\Helpers.cs", true)]
    [InlineData("src/CodeIndex.Query/Search/SupportCode.cs", false)]
    [InlineData("src/Shop/TestData.cs", false)] // a file name is not a folder
    [InlineData("tests.cs", false)]
    [InlineData(null, false)]
    public void IsSupportPath(string? path, bool expected) => Assert.Equal(expected, SupportCode.IsSupportPath(path));
}
