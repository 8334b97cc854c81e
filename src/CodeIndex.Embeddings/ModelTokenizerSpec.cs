namespace CodeIndex.Embeddings;

/// <summary>Tokenizer section of a manifest.</summary>
public sealed record ModelTokenizerSpec
{
    /// <summary>USE-lite's SentencePiece-style unigram tokenizer (vocab: JSON array of [piece, score]).</summary>
    public const string SentencePieceUnigram = "sentencepiece-unigram";

    /// <summary>BERT WordPiece (vocab: <c>vocab.txt</c>, one token per line); needs <see cref="Lowercase"/>.</summary>
    public const string WordPiece = "wordpiece";

    public string Kind { get; init; } = "";

    public string VocabFile { get; init; } = "";

    /// <summary>WordPiece only: lowercase and strip accents (true for "uncased" models).</summary>
    public bool? Lowercase { get; init; }

    internal IEnumerable<string> Validate()
    {
        if (Kind is not (SentencePieceUnigram or WordPiece))
        {
            yield return $"tokenizer kind '{Kind}' is not supported (supported: {SentencePieceUnigram}, {WordPiece})";
        }
        else if (Kind == WordPiece && Lowercase is null)
        {
            yield return "tokenizer \"lowercase\" must be set for wordpiece (true for uncased models, false for cased ones)";
        }
    }
}
