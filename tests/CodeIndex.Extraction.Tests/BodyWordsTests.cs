using CodeIndex.Extraction.Records;
using CodeIndex.Extraction.Tests.Support;

namespace CodeIndex.Extraction.Tests;

/// <summary>What a member's body contributes to full-text search: literals, comments, identifiers; nothing from types, signatures or doc comments.</summary>
public sealed class BodyWordsTests
{
    private const string Source = """"
        namespace N;

        /// <summary>Type docs.</summary>
        public class Settings
        {
            private const string Sql = "SELECT listen_addresses FROM pg_settings";
            private readonly int _port = 5432, _other = 1;

            /// <summary>Writes the file.</summary>
            public void WriteSettings(string folder, int port)
            {
                // durability off for throwaway clusters
                var text = $"port = {port}\nfsync = off";
                var raw = """
                    unix_socket_directories
                    """;
                /* multi line
                   comment words */
                System.IO.File.WriteAllText(folder, text + raw + nameof(Sql) + "\0nul");
            }

            public string Name { get; } = "fallback name";

            public int Computed => _port * 2;

            public Settings() : this(OtherPort()) { }

            private Settings(int value) { }

            private static int OtherPort() => 1;

            public abstract class Nested { }
        }
        """";

    [Fact]
    public async Task ExtractAsync_MethodBody_HasLiteralsCommentsAndIdentifiersOnceInOrder()
    {
        var x = await ExtractAsync(Source);

        var body = x.Symbol("M:N.Settings.WriteSettings(System.String,System.Int32)").BodyWords;

        Assert.Equal(
            "durability off for throwaway clusters text port fsync raw unix_socket_directories unixsocketdirectories multi line comment words System IO File WriteAllText writealltext folder Sql nul",
            body);
    }

    [Fact]
    public async Task ExtractAsync_SignatureAndDocComment_AreNotBodyWords()
    {
        var body = (await ExtractAsync(Source)).Symbol("M:N.Settings.WriteSettings(System.String,System.Int32)").BodyWords!.Split(' ');

        Assert.DoesNotContain("WriteSettings", body); // its own name is weight A already
        Assert.DoesNotContain("Writes", body); // the doc summary is weight B already
        Assert.DoesNotContain("string", body);
        Assert.DoesNotContain("var", body);
        Assert.DoesNotContain("nameof", body);
    }

    [Fact]
    public async Task ExtractAsync_InitializersAndExpressionBodies_AreBodyWords()
    {
        var x = await ExtractAsync(Source);

        Assert.Equal("SELECT listen_addresses listenaddresses FROM pg_settings pgsettings", x.Symbol("F:N.Settings.Sql").BodyWords);
        Assert.Equal("fallback name", x.Symbol("P:N.Settings.Name").BodyWords);
        Assert.Equal("_port", x.Symbol("P:N.Settings.Computed").BodyWords);
        Assert.Equal("OtherPort otherport", x.Symbol("M:N.Settings.#ctor").BodyWords); // a constructor initializer counts
    }

    [Fact]
    public async Task ExtractAsync_CompoundIdentifiers_AlsoCountWhole()
    {
        var x = await ExtractAsync("""namespace N; public class C { public string M() => "GetUserById HTTPClient Utf8 _items __x_y plain UPPER"; }""");

        Assert.Equal(
            "GetUserById getuserbyid HTTPClient httpclient Utf8 utf8 _items __x_y xy plain UPPER",
            x.Symbol("M:N.C.M").BodyWords);
    }

    [Fact]
    public async Task ExtractAsync_TypesNamespacesAndEmptyBodies_HaveNoBodyWords()
    {
        var x = await ExtractAsync(Source);

        Assert.Null(x.Symbol("T:N.Settings").BodyWords);
        Assert.Null(x.Symbol("T:N.Settings.Nested").BodyWords);
        Assert.Null(x.Symbol("N:N").BodyWords);
        Assert.Null(x.Symbol("M:N.Settings.#ctor(System.Int32)").BodyWords);
        Assert.Null(x.Symbol("T:System.IO.File").BodyWords); // external
    }

    [Fact]
    public async Task ExtractAsync_HugeBody_IsCappedAtWholeWords()
    {
        var words = string.Join(" ", Enumerable.Range(0, 2000).Select(i => $"word{i}"));
        var x = await ExtractAsync($$"""namespace N; public class C { public string M() => "{{words}}"; }""");

        var body = x.Symbol("M:N.C.M").BodyWords!;

        Assert.InRange(body.Length, BodyWords.MaxChars - 10, BodyWords.MaxChars);
        Assert.StartsWith("word0 word1 word2 ", body, StringComparison.Ordinal);
        Assert.Matches(@"^(word\d+ )*word\d+$", body);
    }

    [Fact]
    public async Task ExtractAsync_BodyChange_ChangesBodyWordsAndContentHash()
    {
        var one = await ExtractAsync("namespace N; public class C { public string M() => \"alpha\"; }");
        var two = await ExtractAsync("namespace N; public class C { public string M() => \"beta\"; }");

        Assert.Equal("alpha", one.Symbol("M:N.C.M").BodyWords);
        Assert.Equal("beta", two.Symbol("M:N.C.M").BodyWords);
        Assert.NotEqual(one.Symbol("M:N.C.M").ContentHash, two.Symbol("M:N.C.M").ContentHash);
    }

    private static Task<ExtractionResult> ExtractAsync(string source) =>
        ExtractionResult.RunAsync([SampleWorkspace.Single("P", ("X/C.cs", SampleWorkspace.Text(source)))]);
}
