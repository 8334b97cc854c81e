using CodeIndex.Core.Errors;

namespace CodeIndex.Query.Tests;

/// <summary>Validation of <see cref="QueryOptions"/> and of LIKE escaping (no database).</summary>
public sealed class QueryOptionsTests
{
    [Fact]
    public void Constructor_Defaults_Depth3Limit100NoDispatch()
    {
        var o = new QueryOptions();

        Assert.Equal((3, 100, false), (o.Depth, o.Limit, o.Dispatch));
    }

    [Theory]
    [InlineData(0, 100, "invalid_depth")]
    [InlineData(51, 100, "invalid_depth")]
    [InlineData(-1, 100, "invalid_depth")]
    [InlineData(3, 0, "invalid_limit")]
    public void Constructor_OutOfRange_UserInputError(int depth, int limit, string code)
    {
        var e = Assert.Throws<UserInputException>(() => new QueryOptions(depth, limit));

        Assert.Equal(code, e.Code);
        Assert.Equal(2, e.ExitCode);
    }

    [Fact]
    public void With_InvalidDepth_UserInputError()
    {
        var o = new QueryOptions(Depth: 50);

        Assert.Throws<UserInputException>(() => o with { Depth = 51 });
        Assert.Equal(1, (o with { Depth = 1 }).Depth);
    }

    [Theory]
    [InlineData("abc", "abc")]
    [InlineData("get_x", @"get\_x")]
    [InlineData("100%", @"100\%")]
    [InlineData(@"a\b", @"a\\b")]
    [InlineData(@"\%_", @"\\\%\_")]
    public void Escape_LikeWildcards_Escaped(string input, string expected) =>
        Assert.Equal(expected, LikePattern.Escape(input));
}
