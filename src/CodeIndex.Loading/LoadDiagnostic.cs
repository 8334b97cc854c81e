namespace CodeIndex.Loading;

/// <summary>One group of similar loading problems: the message pattern (paths replaced by <c>&lt;path&gt;</c>), how often it occurred and one example.</summary>
/// <param name="Severity"><c>"error"</c> or <c>"warning"</c>.</param>
/// <param name="Message">Message pattern shared by every occurrence in the group.</param>
/// <param name="Count">Number of occurrences.</param>
/// <param name="Example">A project or file path from the first occurrence, if any.</param>
public sealed record LoadDiagnostic(string Severity, string Message, int Count, string? Example)
{
    public const string Error = "error";
    public const string Warning = "warning";

    public override string ToString() =>
        Example is null ? $"{Severity}: {Message} (x{Count})" : $"{Severity}: {Message} (x{Count}, e.g. {Example})";
}
