namespace CodeIndex.Embeddings.Tokenization;

/// <summary>Turns a text into the token ids a model expects (including any special tokens), at most <c>maxTokens</c> of them.</summary>
public interface ITokenizer
{
    /// <summary>Token ids of <paramref name="text"/>, truncated to <paramref name="maxTokens"/>; empty when the text has no tokens.</summary>
    int[] Encode(string text, int maxTokens = int.MaxValue);
}
