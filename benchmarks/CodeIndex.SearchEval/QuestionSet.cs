using System.Text.Json;

namespace CodeIndex.SearchEval;

/// <summary>One evaluation question and the qualified names or symbol keys that answer it.</summary>
internal sealed record Question(string Id, string Text, IReadOnlyList<string> Answers)
{
    public bool IsAnsweredBy(Query.SymbolInfo symbol) =>
        Answers.Any(a => string.Equals(a, symbol.QualifiedName, StringComparison.Ordinal) || string.Equals(a, symbol.SymbolKey, StringComparison.Ordinal));
}

/// <summary>Reads <c>eval/search-questions.json</c>.</summary>
internal static class QuestionSet
{
    public static IReadOnlyList<Question> Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("questions").EnumerateArray()
            .Select(q => new Question(
                q.GetProperty("id").GetString()!,
                q.GetProperty("question").GetString()!,
                q.GetProperty("answers").EnumerateArray().Select(a => a.GetString()!).ToList()))
            .ToList();
    }
}
