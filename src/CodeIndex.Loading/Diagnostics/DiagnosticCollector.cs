using System.Text.RegularExpressions;

namespace CodeIndex.Loading;

/// <summary>Thread-safe collector that groups loading problems by severity and message pattern (paths masked), counting occurrences.</summary>
internal sealed partial class DiagnosticCollector
{
    private const string PathPlaceholder = "<path>";

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Severity, string Pattern), Group> _groups = [];
    private int _order;

    public void AddError(string message, string? example = null) => Add(LoadDiagnostic.Error, message, example);

    public void AddWarning(string message, string? example = null) => Add(LoadDiagnostic.Warning, message, example);

    /// <summary>Adds one occurrence; absolute paths inside <paramref name="message"/> are masked so that similar problems group together.</summary>
    public void Add(string severity, string message, string? example = null)
    {
        var firstPath = AbsolutePath().Match(message);
        var pattern = AbsolutePath().Replace(message, PathPlaceholder).Trim();
        example ??= firstPath.Success ? firstPath.Value : null;
        lock (_gate)
        {
            if (_groups.TryGetValue((severity, pattern), out var group))
            {
                group.Count++;
            }
            else
            {
                _groups[(severity, pattern)] = new Group(_order++, example, message.Trim()) { Count = 1 };
            }
        }
    }

    public bool HasAny(string severity, string pattern)
    {
        lock (_gate)
        {
            return _groups.ContainsKey((severity, pattern));
        }
    }

    /// <summary>The groups, errors first, then in order of first occurrence; a problem seen once keeps its message with the real paths.</summary>
    public IReadOnlyList<LoadDiagnostic> ToList()
    {
        lock (_gate)
        {
            return _groups
                .OrderBy(g => g.Key.Severity == LoadDiagnostic.Error ? 0 : 1)
                .ThenBy(g => g.Value.Order)
                .Select(g => new LoadDiagnostic(g.Key.Severity, g.Value.Count == 1 ? g.Value.FirstMessage : g.Key.Pattern, g.Value.Count, g.Value.Example))
                .ToList();
        }
    }

    // Two or more path segments, optionally with a drive letter: "/a/b.csproj", "C:\x\y", not "and/or".
    [GeneratedRegex(@"(?:[A-Za-z]:)?(?:[\\/][^\s'""<>|*?,;()\[\]\\/]+){2,}[\\/]?")]
    private static partial Regex AbsolutePath();

    private sealed class Group(int order, string? example, string firstMessage)
    {
        public int Order { get; } = order;

        public string? Example { get; } = example;

        public string FirstMessage { get; } = firstMessage;

        public int Count { get; set; }
    }
}
