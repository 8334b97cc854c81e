namespace CodeIndex.Query.Tests.Search;

/// <summary>Query text → full-text terms: identifier splitting, whole identifiers, synonyms, sanitising.</summary>
public sealed class QueryTermsTests
{
    [Theory]
    [InlineData("GetUserByIdAsync", new[] { "get", "user", "by", "id", "async", "getuserbyidasync" })]
    [InlineData("HTTPClient2 base64", new[] { "http", "client", "2", "base", "64", "httpclient2", "base64" })]
    [InlineData("IdentifierWords.Split", new[] { "identifier", "words", "split", "identifierwords" })]
    [InlineData("snake_case_name", new[] { "snake", "case", "name", "snakecasename" })]
    [InlineData("a & b | !c:* (d)", new[] { "a", "b", "c", "d" })]
    [InlineData("'; DROP TABLE x; --", new[] { "drop", "table", "x" })]
    public void Parse_SplitsIntoAlphanumericWords(string text, string[] expected)
    {
        Assert.Equal(expected, QueryTerms.Parse(text).Words);
    }

    [Fact]
    public void Parse_NonAscii_OnlySeparates()
    {
        var terms = QueryTerms.Parse("ä 漢字 🙂");

        Assert.True(terms.IsEmpty);
    }

    [Theory]
    [InlineData("combine two objects", "merge")]
    [InlineData("leave out null members", "ignore")]
    [InlineData("parse the config", "deserialize")]
    [InlineData("write json", "serialize")]
    [InlineData("remove a repository", "delete")]
    [InlineData("lookup a symbol", "resolve")]
    [InlineData("find a symbol", "search")]
    public void Parse_ProgrammingVocabulary_AddsSynonyms(string text, string synonym)
    {
        Assert.Contains(synonym, QueryTerms.Parse(text).Synonyms);
    }

    [Fact]
    public void Parse_SynonymAlreadyInQuery_NotAdded()
    {
        var terms = QueryTerms.Parse("merge combine");

        Assert.DoesNotContain("merge", terms.Synonyms);
        Assert.DoesNotContain("combine", terms.Synonyms);
    }

    [Fact]
    public void Parse_LongText_CappedTerms()
    {
        var terms = QueryTerms.Parse(string.Join(' ', Enumerable.Range(0, 500).Select(i => "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "x")));

        Assert.Equal(QueryTerms.MaxTerms, terms.Words.Count);
    }
}
