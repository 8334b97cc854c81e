using System.Security.Cryptography;
using System.Text;

namespace CodeIndex.Chroma.Client;

/// <summary>The collection name rule: one collection per repository and model, <c>codeindex-{repositoryId}-{model}</c>, always a valid Chroma name.</summary>
public static class ChromaCollectionNames
{
    /// <summary>Prefix of every collection CodeIndex owns.</summary>
    public const string Prefix = "codeindex-";

    private const int MaxLength = 512;

    /// <summary>
    /// <c>codeindex-{repositoryId}-{model}</c> where characters outside <c>[a-zA-Z0-9._-]</c> become <c>-</c>. When that
    /// changes the model id (or it must be shortened), 8 hex digits of its SHA-256 are appended so distinct ids never share a collection.
    /// </summary>
    public static string For(long repositoryId, string modelId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(repositoryId);
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        var head = $"{Prefix}{repositoryId}-";
        var builder = new StringBuilder(modelId.Length);
        foreach (var c in modelId)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }

        var model = builder.ToString().TrimEnd('.', '_', '-');
        var budget = MaxLength - head.Length - 9;
        if (model == modelId && head.Length + model.Length <= MaxLength)
        {
            return head + model;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(modelId)))[..8];
        model = model.Length > budget ? model[..budget].TrimEnd('.', '_', '-') : model;
        return model.Length == 0 ? head + hash : $"{head}{model}-{hash}";
    }
}
