using System.Text.Json;

namespace CodeIndex.Embeddings.Tests.Support;

/// <summary>One case of models/tiny-bert-test/reference.json: hand-written ids and numpy-computed pooled embeddings.</summary>
public sealed record TinyBertReference(string Text, int[] Tokens, float[] Mean, float[] MeanNormalized, float[] ClsNormalized)
{
    private static readonly Lazy<IReadOnlyList<TinyBertReference>> s_all = new(Load);

    public static IReadOnlyList<TinyBertReference> All => s_all.Value;

    private static List<TinyBertReference> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.TinyBertDirectory, "reference.json")));
        return document.RootElement.GetProperty("cases").EnumerateArray()
            .Select(c => new TinyBertReference(
                c.GetProperty("text").GetString()!,
                Ints(c.GetProperty("tokens")),
                Floats(c.GetProperty("mean")),
                Floats(c.GetProperty("meanNormalized")),
                Floats(c.GetProperty("clsNormalized"))))
            .ToList();
    }

    private static int[] Ints(JsonElement e) => e.EnumerateArray().Select(t => t.GetInt32()).ToArray();

    private static float[] Floats(JsonElement e) => e.EnumerateArray().Select(t => t.GetSingle()).ToArray();
}
