namespace CodeIndex.Query;

/// <summary>Recognises test and benchmark code by the usual .NET conventions, so hybrid ranking can put product code first.</summary>
/// <remarks>
/// A symbol is support code when its project's last name segment is Test(s), Testing, UnitTests, IntegrationTests, Specs or Benchmark(s)
/// (<c>Foo.Tests</c>, <c>FooTests</c>), or when a folder of its file path is named test(s) or benchmark(s) (<c>tests/Foo/Bar.cs</c>).
/// Questions in words ("where do we retry HTTP calls?") are mostly about the product; a test that exercises the same words is a
/// weaker answer, but still a valid one, so such symbols are demoted, never dropped.
/// </remarks>
internal static class SupportCode
{
    private static readonly string[] ProjectSuffixes = ["Tests", "Test", "Testing", "UnitTests", "IntegrationTests", "Specs", "Benchmarks", "Benchmark"];

    private static readonly HashSet<string> Folders = new(StringComparer.OrdinalIgnoreCase) { "test", "tests", "benchmark", "benchmarks" };

    public static bool IsSupportCode(SymbolInfo symbol) => IsSupportProject(symbol.Project) || IsSupportPath(symbol.FilePath);

    public static bool IsSupportProject(string? project)
    {
        if (string.IsNullOrEmpty(project))
        {
            return false;
        }

        var last = project[(project.LastIndexOf('.') + 1)..];
        return ProjectSuffixes.Any(s => last.EndsWith(s, StringComparison.Ordinal) && (last.Length == s.Length || char.IsLower(last[^(s.Length + 1)])));
    }

    public static bool IsSupportPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        var folders = path.Split('/', '\\');
        return folders.Take(folders.Length - 1).Any(Folders.Contains);
    }
}
