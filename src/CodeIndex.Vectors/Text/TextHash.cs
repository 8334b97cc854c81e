using System.Security.Cryptography;
using System.Text;

namespace CodeIndex.Vectors.Text;

/// <summary>The cache key of an embedded text: lowercase hex SHA-256 of its UTF-8 bytes.</summary>
internal static class TextHash
{
    public static string Of(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
