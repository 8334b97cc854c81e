namespace CodeIndex.Embeddings;

/// <summary>Builds USE-lite's sparse inputs: indices [N, 2] = (text in batch, position) and values [N] = token ids.</summary>
internal static class SparseBatch
{
    public static (long[] Indices, long[] Values) Build(IReadOnlyList<int[]> tokenizedTexts)
    {
        var total = tokenizedTexts.Sum(t => t.Length);
        var indices = new long[total * 2];
        var values = new long[total];
        var k = 0;
        for (var text = 0; text < tokenizedTexts.Count; text++)
        {
            var ids = tokenizedTexts[text];
            for (var position = 0; position < ids.Length; position++, k++)
            {
                indices[2 * k] = text;
                indices[(2 * k) + 1] = position;
                values[k] = ids[position];
            }
        }

        return (indices, values);
    }
}
