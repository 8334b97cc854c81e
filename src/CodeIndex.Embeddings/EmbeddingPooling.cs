namespace CodeIndex.Embeddings;

/// <summary>Pools a [batch, seq, hidden] output into one vector per text (mask-weighted mean or first token) and L2-normalises.</summary>
internal static class EmbeddingPooling
{
    /// <summary>Mean of the hidden states of the first <paramref name="lengths"/>[b] positions of each row (padding excluded).</summary>
    public static float[][] Mean(float[] hidden, int batch, int seq, int dimension, IReadOnlyList<int> lengths)
    {
        var rows = new float[batch][];
        for (var b = 0; b < batch; b++)
        {
            var sum = new double[dimension];
            for (var t = 0; t < lengths[b]; t++)
            {
                var offset = ((b * seq) + t) * dimension;
                for (var d = 0; d < dimension; d++)
                {
                    sum[d] += hidden[offset + d];
                }
            }

            rows[b] = sum.Select(v => (float)(v / lengths[b])).ToArray();
        }

        return rows;
    }

    /// <summary>Hidden state of the first position (<c>[CLS]</c>) of each row.</summary>
    public static float[][] Cls(float[] hidden, int batch, int seq, int dimension)
    {
        var rows = new float[batch][];
        for (var b = 0; b < batch; b++)
        {
            rows[b] = hidden.AsSpan(b * seq * dimension, dimension).ToArray();
        }

        return rows;
    }

    /// <summary>Scales <paramref name="vector"/> to unit length in place (an all-zero vector stays zero).</summary>
    public static void Normalize(float[] vector)
    {
        double squares = 0;
        foreach (var v in vector)
        {
            squares += (double)v * v;
        }

        if (squares > 0)
        {
            var scale = 1 / Math.Sqrt(squares);
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] = (float)(vector[i] * scale);
            }
        }
    }
}
