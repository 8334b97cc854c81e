namespace CodeIndex.Embeddings;

/// <summary>Builds BERT-style dense inputs [batch, seq]: ids padded with 0 to the longest text, attention mask 1/0, token types 0.</summary>
internal static class DenseBatch
{
    public static (long[] Ids, long[] Mask, long[] Types, int SequenceLength) Build(IReadOnlyList<int[]> tokenizedTexts)
    {
        var seq = tokenizedTexts.Max(t => t.Length);
        var ids = new long[tokenizedTexts.Count * seq];
        var mask = new long[ids.Length];
        for (var text = 0; text < tokenizedTexts.Count; text++)
        {
            var tokens = tokenizedTexts[text];
            for (var position = 0; position < tokens.Length; position++)
            {
                ids[(text * seq) + position] = tokens[position];
                mask[(text * seq) + position] = 1;
            }
        }

        return (ids, mask, new long[ids.Length], seq);
    }
}
