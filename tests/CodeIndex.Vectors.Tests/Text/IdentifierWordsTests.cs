using CodeIndex.Vectors.Text;

namespace CodeIndex.Vectors.Tests.Text;

/// <summary>Identifier splitting: camel/Pascal case, acronyms, digits, underscores, non-ASCII.</summary>
public sealed class IdentifierWordsTests
{
    [Theory]
    [InlineData("GetUserByIdAsync", "get user by id async")]
    [InlineData("HTTPClient", "http client")]
    [InlineData("getHTTPResponseCode", "get http response code")]
    [InlineData("ToJSON", "to json")]
    [InlineData("Base64Encode", "base 64 encode")]
    [InlineData("X509Certificate2", "x 509 certificate 2")]
    [InlineData("_byName", "by name")]
    [InlineData("MAX_RETRY_COUNT", "max retry count")]
    [InlineData("snake_case__name", "snake case name")]
    [InlineData("Repository<T>", "repository t")]
    [InlineData("operator +", "operator")]
    [InlineData("this[]", "this")]
    [InlineData("IO", "io")]
    [InlineData("a", "a")]
    [InlineData("ÉtatCivil", "état civil")]
    [InlineData("", "")]
    [InlineData("__", "")]
    public void Split_Identifier_LowercaseWords(string identifier, string expected) =>
        Assert.Equal(expected, IdentifierWords.Split(identifier));
}
