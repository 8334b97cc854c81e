using System.Text;
using CodeIndex.Embeddings.Tokenization.Unicode;

namespace CodeIndex.Embeddings.Tests;

/// <summary>The embedded NFKC tables and algorithm against ICU (this test project runs with ICU on).</summary>
public sealed class NfkcNormalizerTests
{
    [Theory]
    [InlineData("ﬁle", "file")]
    [InlineData("ＡＢＣ１２３", "ABC123")]
    [InlineData("e\u0301", "é")]
    [InlineData("\u1100\u1161\u11A8", "각")]
    [InlineData("x\u00B2", "x2")]
    [InlineData("½", "1⁄2")]
    [InlineData("plain ascii", "plain ascii")]
    public void Normalize_KnownInput_ReturnsNfkc(string input, string expected)
    {
        Assert.Equal(expected, NfkcNormalizer.Normalize(input));
    }

    [Fact]
    public void Normalize_EveryCodePoint_MatchesIcu()
    {
        Assert.True("\uFB01".Normalize(NormalizationForm.FormKC) == "fi", "this test needs ICU (InvariantGlobalization=false)");
        var mismatches = new List<string>();
        for (var cp = 0; cp <= 0x10FFFF; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            var text = char.ConvertFromUtf32(cp);
            string expected;
            try
            {
                expected = text.Normalize(NormalizationForm.FormKC);
            }
            catch (ArgumentException)
            {
                continue; // .NET refuses noncharacters such as U+FFFE.
            }

            var actual = NfkcNormalizer.Normalize(text);
            if (expected != actual)
            {
                mismatches.Add($"U+{cp:X4}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches: {string.Join(" ", mismatches.Take(200))}");
    }

    [Fact]
    public void Normalize_RandomMarkSequences_MatchesIcu()
    {
        // Starters, combining marks of several classes, Hangul jamo and compatibility characters in random order.
        int[] alphabet = [0x41, 0x61, 0x65, 0x6F, 0x55, 0x300, 0x301, 0x302, 0x308, 0x323, 0x327, 0x328, 0x31B, 0x345, 0x3B1, 0x3C9, 0x1100, 0x1161, 0x11A8, 0xAC00, 0xFB01, 0x2460, 0x1E9B, 0x0F73, 0x0F71, 0x0F72, 0x20, 0x3099, 0x304B, 0xFF76];
        var random = new Random(1234);
        for (var n = 0; n < 20000; n++)
        {
            var sb = new StringBuilder();
            var length = random.Next(1, 8);
            for (var i = 0; i < length; i++)
            {
                sb.Append(char.ConvertFromUtf32(alphabet[random.Next(alphabet.Length)]));
            }

            var text = sb.ToString();
            Assert.Equal(text.Normalize(NormalizationForm.FormKC), NfkcNormalizer.Normalize(text));
        }
    }
}
