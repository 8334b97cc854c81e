using System.Globalization;

namespace CodeIndex.Benchmarks.Support;

/// <summary>Plain <c>args</c> parsing: positional values and <c>--name value</c> options; unknown options are reported, not ignored.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public Arguments(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].StartsWith("--", StringComparison.Ordinal))
            {
                var hasValue = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal);
                _options[list[i]] = hasValue ? list[++i] : null;
            }
            else
            {
                Positional.Add(list[i]);
            }
        }
    }

    public List<string> Positional { get; } = [];

    public int Int(string name, int fallback)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} expects a positive whole number (got '{text}').");
    }

    public bool Flag(string name)
    {
        _read.Add(name);
        return _options.ContainsKey(name);
    }

    public string? Text(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var text) ? text : null;
    }

    /// <summary>Throws when an option was given that no benchmark reads (typos must not silently change a measurement).</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown option(s): {string.Join(", ", unknown)}.");
        }
    }
}
