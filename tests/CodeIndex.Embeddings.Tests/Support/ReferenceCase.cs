using System.Text.Json;

namespace CodeIndex.Embeddings.Tests.Support;

/// <summary>One case of reference.json: text, the original tokenizer's ids and the original model's embedding.</summary>
public sealed record ReferenceCase(string Text, int[] Tokens, float[] Embedding)
{
    private static readonly Lazy<IReadOnlyList<ReferenceCase>> s_all = new(Load);

    public static IReadOnlyList<ReferenceCase> All => s_all.Value;

    /// <summary>Case indices for [MemberData].</summary>
    public static TheoryData<int> Indices
    {
        get
        {
            var data = new TheoryData<int>();
            for (var i = 0; i < All.Count; i++)
            {
                data.Add(i);
            }

            return data;
        }
    }

    private static List<ReferenceCase> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(TestPaths.ReferenceJson));
        return document.RootElement.GetProperty("cases").EnumerateArray()
            .Select(c => new ReferenceCase(
                c.GetProperty("text").GetString()!,
                c.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32()).ToArray(),
                c.GetProperty("embedding").EnumerateArray().Select(t => t.GetSingle()).ToArray()))
            .ToList();
    }
}
