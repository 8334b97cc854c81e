using System.Security.Cryptography;
using System.Text;

namespace CodeIndex.Extraction.Records;

/// <summary>Stable SHA-256 (lowercase hex) over the parts that define a symbol; line endings are normalized so checkouts agree.</summary>
internal static class ContentHash
{
    public static string Compute(IEnumerable<string?> parts)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            // Length-prefix each part so ("ab","c") and ("a","bc") differ.
            var normalized = part?.Replace("\r\n", "\n", StringComparison.Ordinal) ?? string.Empty;
            text.Append(normalized.Length).Append(':').Append(normalized).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
